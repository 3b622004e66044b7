import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream } from 'pdf-lib';

/** A page's content streams, decoded and joined, as latin1 text (binary-safe). */
export function pageContentText(pdf: PDFDocument, pageNode: PDFDict): string {
  const contents = pageNode.get(PDFName.of('Contents'));
  const resolved = contents instanceof PDFRef ? pdf.context.lookup(contents) : contents;
  const streams = resolved instanceof PDFArray ? resolved.asArray().map((s) => pdf.context.lookup(s)) : [resolved];
  return streams
    .filter((s): s is PDFRawStream => s instanceof PDFRawStream)
    .map((s) => Buffer.from(decodePDFRawStream(s).decode()).toString('latin1'))
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
