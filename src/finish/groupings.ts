import { PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { structItems } from './streams.ts';

/** Keys a bare grouping has: nothing an assistive technology or a checker could read. */
const BARE_KEYS = new Set(['Type', 'S', 'P', 'K', 'Pg']);

/**
 * Splice out every NonStruct that only groups other structure elements.
 *
 * Chromium writes a generic container (a `<div>`) as NonStruct, or leaves
 * it out, by the state of its accessibility tree when the print starts: in a
 * busy browser the same HTML gave the same wrapper in one print and not in
 * the next (gongwen/standard's sign-off block, about one build in five),
 * and so different bytes. ISO 32000-1 (14.8.4.2, Table 333) says a NonStruct
 * has no structural significance and its content is read as if it were not
 * there: dissolved, both prints give one tree. A NonStruct that holds
 * content of its own (an MCID, an annotation) or says anything (/Lang, /Alt,
 * /ID, attributes) is kept.
 */
export function dissolveGroupings(pdf: PDFDocument, root: PDFDict): void {
  const elementOf = (item: unknown) => {
    const dict = item instanceof PDFRef ? pdf.context.lookup(item) : item;
    return dict instanceof PDFDict && dict.has(PDFName.of('S')) ? dict : undefined;
  };
  const isBareGrouping = (item: unknown): item is PDFRef => {
    const element = elementOf(item);
    if (!(item instanceof PDFRef) || !element || element.get(PDFName.of('S'))?.toString() !== '/NonStruct') return false;
    if (element.keys().some((key) => !BARE_KEYS.has(key.asString().slice(1)))) return false;
    const kids = structItems(element);
    return kids.length > 0 && kids.every((kid) => kid instanceof PDFRef && elementOf(kid) !== undefined);
  };

  const visit = (element: PDFDict, ref: PDFRef | undefined, depth: number) => {
    if (depth > 512) return;
    const items = structItems(element);
    if (ref && items.some(isBareGrouping)) {
      const flat: unknown[] = [];
      const spread = (item: unknown, level: number) => {
        if (level < 512 && isBareGrouping(item)) {
          for (const kid of structItems(elementOf(item)!)) spread(kid, level + 1);
          pdf.context.delete(item);
        } else flat.push(item);
      };
      for (const item of items) spread(item, 0);
      element.set(PDFName.of('K'), pdf.context.obj(flat as never[]));
      for (const item of flat) elementOf(item)?.set(PDFName.of('P'), ref);
    }
    for (const item of structItems(element)) {
      const kid = elementOf(item);
      if (kid) visit(kid, item instanceof PDFRef ? item : undefined, depth + 1);
    }
  };
  // The root's own kids (the Document) stay: only what is inside an element is regrouped.
  for (const item of structItems(root)) {
    const kid = elementOf(item);
    if (kid) visit(kid, item instanceof PDFRef ? item : undefined, 0);
  }
}
