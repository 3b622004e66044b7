import { inflateSync, deflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream, type PDFObject, type PDFStream } from 'pdf-lib';
import { parseOperations, type Operation } from '../pdf/content.ts';

/**
 * A stream's decoded bytes. Plain Flate (all Chromium writes) goes through
 * Node's native zlib, ~10× faster than pdf-lib's JavaScript inflater;
 * anything else (predictors, other filters) through pdf-lib.
 */
export function decodeStream(stream: PDFRawStream): Uint8Array {
  const filter = stream.dict.get(PDFName.of('Filter'));
  const plainFlate = filter === PDFName.of('FlateDecode') && !stream.dict.has(PDFName.of('DecodeParms'));
  if (plainFlate) {
    try {
      return inflateSync(stream.contents);
    } catch {
      // Damaged data: let pdf-lib decode what it can, as before.
    }
  }
  return decodePDFRawStream(stream).decode();
}

/** A new Flate stream of `bytes`, compressed with Node's native zlib. */
export function flateStream(pdf: PDFDocument, bytes: Uint8Array, dict: Record<string, unknown> = {}): PDFStream {
  return pdf.context.stream(deflateSync(bytes), { ...dict, Filter: 'FlateDecode' } as never);
}

/**
 * The content streams paiban wrote in this run: their text, and their
 * operations where the writer knew them, so a later step reads them
 * without inflating and lexing them again. Keyed by the stream object,
 * never changed once made (a copy is another object, read afresh).
 */
const writtenContent = new WeakMap<PDFObject, { text: string; operations?: Operation[] }>();

/**
 * A new content stream of `text` (latin1), as flateStream makes it;
 * `operations`: exactly what parseOperations(text) gives, when the caller
 * has it for less.
 */
export function contentStream(pdf: PDFDocument, text: string, operations?: Operation[]): PDFStream {
  const stream = flateStream(pdf, Buffer.from(text, 'latin1'));
  writtenContent.set(stream, { text, operations });
  return stream;
}

/** A page's content text and its operations (see pageContentText, parseOperations). */
export function pageOperations(pdf: PDFDocument, pageNode: PDFDict): { text: string; operations: Operation[] } {
  const { streams } = pageContents(pdf, pageNode);
  const written = streams.length === 1 ? writtenContent.get(streams[0]!) : undefined;
  if (written?.operations) return { text: written.text, operations: written.operations };
  const text = pageContentText(pdf, pageNode);
  return { text, operations: parseOperations(text) };
}

/**
 * A page's /Contents (ISO 32000-1 §7.7.3.3: a stream or an array of them,
 * either maybe indirect): `entries` as written (refs or streams), the
 * `streams` they resolve to, and the array's own ref when it is indirect.
 */
export function pageContents(pdf: PDFDocument, pageNode: PDFDict): { entries: PDFObject[]; streams: (PDFObject | undefined)[]; arrayRef?: PDFRef } {
  const contents = pageNode.get(PDFName.of('Contents'));
  const resolved = contents instanceof PDFRef ? pdf.context.lookup(contents) : contents;
  const entries = resolved instanceof PDFArray ? resolved.asArray() : contents ? [contents] : [];
  const arrayRef = resolved instanceof PDFArray && contents instanceof PDFRef ? contents : undefined;
  return { entries, streams: entries.map((entry) => pdf.context.lookup(entry)), arrayRef };
}

/** A page's content streams, decoded and joined, as latin1 text (binary-safe). */
export function pageContentText(pdf: PDFDocument, pageNode: PDFDict): string {
  return pageContents(pdf, pageNode)
    .streams
    .filter((s): s is PDFRawStream => s instanceof PDFRawStream)
    .map((s) => writtenContent.get(s)?.text ?? Buffer.from(decodeStream(s)).toString('latin1'))
    .join('\n');
}

/** What /K holds, as a list: references to elements, MCIDs, marked-content and object references. */
export function structItems(element: PDFDict): PDFObject[] {
  const k = element.get(PDFName.of('K'));
  return k instanceof PDFArray ? k.asArray() : k ? [k] : [];
}

/** The structure elements directly under a structure element (or the StructTreeRoot). */
export function structKids(pdf: PDFDocument, element: PDFDict): PDFDict[] {
  return structItems(element)
    .map((item) => (item instanceof PDFRef ? pdf.context.lookup(item) : item))
    .filter((item): item is PDFDict => item instanceof PDFDict && item.has(PDFName.of('S')));
}
