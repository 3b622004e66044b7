import { inflateSync, deflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream, type PDFStream } from 'pdf-lib';

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

/** A page's content streams, decoded and joined, as latin1 text (binary-safe). */
export function pageContentText(pdf: PDFDocument, pageNode: PDFDict): string {
  const contents = pageNode.get(PDFName.of('Contents'));
  const resolved = contents instanceof PDFRef ? pdf.context.lookup(contents) : contents;
  const streams = resolved instanceof PDFArray ? resolved.asArray().map((s) => pdf.context.lookup(s)) : [resolved];
  return streams
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
