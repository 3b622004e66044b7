import { PDFArray, PDFDict, PDFDocument, PDFNull, PDFRef, PDFStream, type PDFObject } from 'pdf-lib';

/**
 * Number the document's objects 1, 2, 3… in their present order, leaving no
 * gaps. Objects deleted while finishing leave holes, and where Chromium's
 * PDF holds an object one print and not the next (a grouping it tags or not,
 * see groupings.ts), the holes differ while the objects kept are the same:
 * without this the two prints would give the same document in different
 * bytes. A reference to an object that is gone becomes null, which is what
 * a reader takes it for (ISO 32000-1, 7.3.10).
 *
 * pdf-lib's page objects remember their own references: its page cache is
 * emptied, so pages asked for afterwards carry the new numbers.
 */
export function compactObjectNumbers(pdf: PDFDocument): void {
  const { context } = pdf;
  const objects = context.enumerateIndirectObjects();
  const renumbered = new Map<PDFRef, PDFRef>();
  for (const [index, [ref]] of objects.entries()) renumbered.set(ref, PDFRef.of(index + 1, ref.generationNumber));
  if (objects.every(([ref], index) => ref.objectNumber === index + 1)) return;

  const mapped = (ref: PDFRef): PDFObject => renumbered.get(ref) ?? PDFNull;
  // A dictionary or array held by two objects is rewritten once: twice would renumber a new number again.
  const done = new Set<PDFObject>();
  const rewrite = (object: PDFObject): void => {
    const dict = object instanceof PDFStream ? object.dict : object instanceof PDFDict ? object : undefined;
    const container = dict ?? (object instanceof PDFArray ? object : undefined);
    if (!container || done.has(container)) return;
    done.add(container);
    if (dict) {
      for (const [key, value] of dict.entries()) {
        if (value instanceof PDFRef) dict.set(key, mapped(value));
        else rewrite(value);
      }
    } else if (object instanceof PDFArray) {
      for (let i = 0; i < object.size(); i++) {
        const value = object.get(i);
        if (value instanceof PDFRef) object.set(i, mapped(value));
        else rewrite(value);
      }
    }
  };
  for (const [ref, object] of objects) {
    rewrite(object);
    context.delete(ref);
  }
  context.largestObjectNumber = 0;
  for (const [ref, object] of objects) context.assign(renumbered.get(ref)!, object);
  const trailer = context.trailerInfo;
  for (const key of ['Root', 'Info', 'Encrypt'] as const) {
    const value = trailer[key];
    if (value instanceof PDFRef) trailer[key] = mapped(value);
  }
  forgetPages(pdf);
}

/** pdf-lib keeps PDFPage objects (each with its reference) from the first getPages(). */
function forgetPages(pdf: PDFDocument): void {
  const internals = pdf as unknown as { pageMap: Map<unknown, unknown>; pageCache: { invalidate: () => void } };
  internals.pageMap.clear();
  internals.pageCache.invalidate();
}
