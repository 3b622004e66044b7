import { PDFArray, PDFDict, PDFDocument, PDFName, PDFObjectCopier, PDFRef, PDFStream, type PDFObject } from 'pdf-lib';
import { parseOperations } from '../pdf/content.ts';
import { pageContentText } from '../finish/streams.ts';

/**
 * A book's second print of only its front matter (cover, colophon,
 * contents), spliced into the first print: each front page keeps its page
 * object — its /StructParents, annotations and place in the structure tree —
 * and takes the reprint's drawing (/Contents, /Resources) and link rects.
 * Sound only when the reprinted page carries the same marked content (tags
 * and MCIDs, in order) and the same links (targets, in order): the structure
 * tree and the parent tree of the first print then describe it exactly.
 */

/** Why the pages cannot be spliced, or undefined when they can. */
export type SpliceRefusal = string;

/**
 * What a page's drawing must share with its reprint, from one read of its
 * content stream: its marked-content openings in order (tag, and MCID when
 * tagged), and the transforms that place the drawing (those before its
 * first marked content: Chromium shrinks every page of a document wider
 * than the page, so a front matter printed without the body may come out
 * at another scale than the book).
 */
function pageDrawing(pdf: PDFDocument, page: PDFDict): { marks: string[]; transforms: string[] } {
  const marks: string[] = [];
  const transforms: string[] = [];
  for (const op of parseOperations(pageContentText(pdf, page))) {
    if (op.operator === 'cm' && !marks.length) transforms.push(op.operands.map((operand) => operand.raw).join(' '));
    if (op.operator === 'BMC') marks.push(String(op.operands[0]?.raw));
    if (op.operator !== 'BDC') continue;
    const props = op.operands[1];
    const mcid = props?.kind === 'dict' ? props.entries.get('MCID') : undefined;
    marks.push(`${op.operands[0]?.raw} ${mcid?.kind === 'number' ? mcid.value : '-'}`);
  }
  return { marks, transforms };
}

/** PDF points per CSS px: a page's transforms multiply to this when Chromium did not shrink it. */
const POINTS_PER_PX = 0.75;

/** How much Chromium shrank a page of the print (1 when not: a document no wider than its pages). */
export function printScale(pdf: PDFDocument, index: number): number {
  let scale = 1;
  for (const transform of pageDrawing(pdf, pdf.getPage(index).node).transforms) scale *= Number(transform.split(' ')[0]);
  return scale / POINTS_PER_PX;
}

/** The page's link annotations with where each goes (its /Dest or its action's /D or /URI). */
function links(page: PDFDict): { annot: PDFDict; target: string }[] {
  const annots = page.lookupMaybe(PDFName.of('Annots'), PDFArray);
  const found: { annot: PDFDict; target: string }[] = [];
  for (let i = 0; i < (annots?.size() ?? 0); i++) {
    const annot = annots!.lookup(i);
    if (!(annot instanceof PDFDict) || annot.get(PDFName.of('Subtype')) !== PDFName.of('Link')) continue;
    const action = annot.lookupMaybe(PDFName.of('A'), PDFDict);
    const target = annot.get(PDFName.of('Dest')) ?? action?.get(PDFName.of('D')) ?? action?.get(PDFName.of('URI'));
    found.push({ annot, target: String(target) });
  }
  return found;
}

/** The first difference between a first-print page and its reprint that the splice cannot carry over. */
function difference(first: PDFDocument, firstPage: PDFDict, again: PDFDocument, againPage: PDFDict, index: number): SpliceRefusal | undefined {
  const before = pageDrawing(first, firstPage);
  const reprinted = pageDrawing(again, againPage);
  const [a, b] = [before.marks, reprinted.marks];
  const at = a.findIndex((mark, i) => mark !== b[i]);
  if (at >= 0 || a.length !== b.length) {
    const i = at >= 0 ? at : Math.min(a.length, b.length);
    return `page ${index + 1}: marked content differs at sequence ${i + 1} (${a[i] ?? 'none'} before, ${b[i] ?? 'none'} reprinted)`;
  }
  const scale = (transforms: string[]) => transforms.join(' cm ') || 'none';
  const [ta, tb] = [before.transforms, reprinted.transforms];
  if (scale(ta) !== scale(tb)) return `page ${index + 1}: printed at another scale (${scale(ta)} before, ${scale(tb)} reprinted: Chromium shrinks a book whose body is wider than the page)`;
  const la = links(firstPage);
  const lb = links(againPage);
  if (la.length !== lb.length) return `page ${index + 1}: ${la.length} links before, ${lb.length} reprinted`;
  const moved = la.findIndex((link, i) => link.target !== lb[i]!.target);
  if (moved >= 0) return `page ${index + 1}: link ${moved + 1} goes to ${la[moved]!.target} before, ${lb[moved]!.target} reprinted`;
  return undefined;
}

/**
 * Replace the drawing of the first `count` pages of `first` by that of the
 * same pages of `again`. Checks every page before changing any: on a
 * refusal `first` is untouched.
 */
export function spliceFrontPages(first: PDFDocument, again: PDFDocument, count: number): SpliceRefusal | undefined {
  const refusal = frontSpliceRefusal(first, again, count);
  if (refusal) return refusal;
  copyFrontDrawing(first, again, count, PDFObjectCopier.for(again.context, first.context));
  dropUnreachable(first);
  distinctSubsetTags(first);
  return undefined;
}

/** Why the first `count` pages of `again` cannot replace the drawing of those of `first` (see spliceFrontPages), or undefined. */
export function frontSpliceRefusal(first: PDFDocument, again: PDFDocument, count: number): SpliceRefusal | undefined {
  const firstPages = first.getPages().slice(0, count).map((page) => page.node);
  const againPages = again.getPages().slice(0, count).map((page) => page.node);
  if (againPages.length < count) return `the reprint has ${againPages.length} front pages, the first print ${count}`;
  const sameBox = (key: string) => firstPages.every((page, i) => String(page.get(PDFName.of(key))) === String(againPages[i]!.get(PDFName.of(key))));
  if (!sameBox('MediaBox')) return 'the reprint\'s pages have another size';
  for (let i = 0; i < count; i++) {
    const refusal = difference(first, firstPages[i]!, again, againPages[i]!, i);
    if (refusal) return refusal;
  }
  return undefined;
}

/** Give the first `count` pages of `first` the drawing and link rects of those of `again` (checked by frontSpliceRefusal). */
export function copyFrontDrawing(first: PDFDocument, again: PDFDocument, count: number, copier: PDFObjectCopier): void {
  const firstPages = first.getPages().slice(0, count).map((page) => page.node);
  const againPages = again.getPages().slice(0, count).map((page) => page.node);
  firstPages.forEach((page, i) => {
    const source = againPages[i]!;
    for (const key of ['Contents', 'Resources']) {
      const value = source.get(PDFName.of(key));
      if (value) page.set(PDFName.of(key), copier.copy(value));
      else page.delete(PDFName.of(key));
    }
    // The reprint's numbers may be wider or narrower: its link rects fit them.
    const before = links(page);
    links(source).forEach((link, n) => {
      for (const key of ['Rect', 'QuadPoints']) {
        const value = link.annot.get(PDFName.of(key));
        if (value) before[n]!.annot.set(PDFName.of(key), copier.copy(value));
      }
    });
  });
}

/**
 * Give every font subset its own tag. Chromium tags each print's subsets
 * AAAAAA+, BAAAAA+, … in order, so the reprint's fonts, copied beside the
 * first print's, carry the same tags for other subsets, and ISO 32000-1
 * §9.6.4 says different subsets in one file shall have different tags.
 * A font whose tag was already taken by another font gets the first tag in
 * Chromium's order that no font uses (on its /BaseFont, its descendant's
 * and its descriptor's /FontName).
 */
export function distinctSubsetTags(pdf: PDFDocument): void {
  const SUBSET = /^([A-Z]{6})\+(.*)$/;
  const fonts: { font: PDFDict; tag: string; name: string }[] = [];
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    const subtype = object.get(PDFName.of('Subtype'));
    // A Type0 font's descendant is renamed with it.
    if (subtype === PDFName.of('CIDFontType2') || subtype === PDFName.of('CIDFontType0')) continue;
    const base = object.lookupMaybe(PDFName.of('BaseFont'), PDFName)?.decodeText().match(SUBSET);
    if (base) fonts.push({ font: object, tag: base[1]!, name: base[2]! });
  }
  const used = new Set(fonts.map(({ tag }) => tag));
  const taken = new Set<string>();
  let next = 0;
  const freshTag = (): string => {
    for (;;) {
      let tag = '';
      for (let n = next++, i = 0; i < 6; i++, n = Math.floor(n / 26)) tag += String.fromCharCode(65 + (n % 26));
      if (!used.has(tag)) return (used.add(tag), tag);
    }
  };
  for (const { font, tag, name } of fonts) {
    if (!taken.has(tag)) {
      taken.add(tag);
      continue;
    }
    const renamed = PDFName.of(`${freshTag()}+${name}`);
    font.set(PDFName.of('BaseFont'), renamed);
    const descendant = font.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.lookupMaybe(0, PDFDict);
    descendant?.set(PDFName.of('BaseFont'), renamed);
    for (const holder of [font, descendant]) holder?.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict)?.set(PDFName.of('FontName'), renamed);
  }
}

/**
 * Delete the objects nothing refers to any more (the first print's front
 * pages' drawing, fonts only they used): pdf-lib writes every object it
 * holds, referenced or not.
 */
export function dropUnreachable(pdf: PDFDocument): void {
  const { context } = pdf;
  const seen = new Set<string>();
  const pending: PDFObject[] = Object.values(context.trailerInfo).filter((value): value is PDFObject => value !== undefined);
  while (pending.length) {
    const object = pending.pop()!;
    if (object instanceof PDFRef) {
      const key = object.toString();
      if (seen.has(key)) continue;
      seen.add(key);
      const target = context.lookup(object);
      if (target) pending.push(target);
    } else if (object instanceof PDFDict) pending.push(...object.values());
    else if (object instanceof PDFArray) pending.push(...object.asArray());
    else if (object instanceof PDFStream) pending.push(object.dict);
  }
  for (const [ref] of context.enumerateIndirectObjects()) if (!seen.has(ref.toString())) context.delete(ref);
}
