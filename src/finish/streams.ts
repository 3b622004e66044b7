import { inflateSync, deflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream, type PDFObject, type PDFStream } from 'pdf-lib';

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
    .map((s) => Buffer.from(decodeStream(s)).toString('latin1'))
    .join('\n');
}

/** The structure elements directly under a structure element (or the StructTreeRoot). */
export function structKids(pdf: PDFDocument, element: PDFDict): PDFDict[] {
  const k = element.get(PDFName.of('K'));
  const items = k instanceof PDFArray ? k.asArray() : k ? [k] : [];
  return items
    .map((item) => (item instanceof PDFRef ? pdf.context.lookup(item) : item))
    .filter((item): item is PDFDict => item instanceof PDFDict && item.has(PDFName.of('S')));
}
