import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import { decodeName } from './dests.ts';
import { structItems, structKids } from './streams.ts';

/**
 * What Chromium's tagging leaves out or gets wrong, put right by ISO
 * 32000-1's structure types (Tables 336–338) and PDF/UA-1:
 * - a span in another language becomes a `Span` with its `/Lang` (Chromium
 *   writes the language on a NonStruct; the print HTML makes sure it does);
 * - ruby: the base text as `RB`, `RP` around each `RT`, one group per `Ruby`;
 * - footnotes: each note a `Note` with an `/ID`, the call site a `Reference`
 *   holding the link;
 * - tables: header rows in `THead`, the others in `TBody`;
 * - an `LBody` directly inside an `LBody` becomes a `Div`.
 */

/** Footnote ids as remark-rehype writes them: the note, and the reference that calls it. */
const NOTE_ID = /^user-content-fn-/;
const REFERENCE_ID = /^user-content-fnref-/;

const typeOf = (element: PDFDict) => element.get(PDFName.of('S'))?.toString().slice(1) ?? '';
const setType = (element: PDFDict, type: string) => element.set(PDFName.of('S'), PDFName.of(type));

export function addSemantics(pdf: PDFDocument, root: PDFDict): void {
  const all: PDFDict[] = [];
  const collect = (element: PDFDict, depth: number) => {
    if (depth > 512) return;
    all.push(element);
    for (const kid of structKids(pdf, element)) collect(kid, depth + 1);
  };
  for (const kid of structKids(pdf, root)) collect(kid, 0);

  for (const element of all) {
    const type = typeOf(element);
    if (type === 'NonStruct' && element.has(PDFName.of('Lang'))) setType(element, 'Span');
    else if (type === 'Ruby') splitRuby(pdf, element);
    else if (type === 'Table') groupRows(pdf, element);
    else if (type === 'LBody' && typeOf(element.lookupMaybe(PDFName.of('P'), PDFDict) ?? pdf.context.obj({})) === 'LBody') setType(element, 'Div');
    else if (type === 'Link') {
      const target = linkTarget(pdf, element);
      if (target && NOTE_ID.test(target)) markReference(pdf, element);
      else if (target && REFERENCE_ID.test(target)) markNote(pdf, element, target.replace(REFERENCE_ID, 'user-content-fn-'));
    }
  }
}

/** The named destination a Link element's annotation goes to. */
function linkTarget(pdf: PDFDocument, link: PDFDict): string | undefined {
  for (const item of structItems(link)) {
    const objr = item instanceof PDFRef ? pdf.context.lookup(item) : item;
    if (!(objr instanceof PDFDict) || objr.get(PDFName.of('Type'))?.toString() !== '/OBJR') continue;
    const annot = objr.lookupMaybe(PDFName.of('Obj'), PDFDict);
    const dest = annot?.get(PDFName.of('Dest')) ?? annot?.lookupMaybe(PDFName.of('A'), PDFDict)?.get(PDFName.of('D'));
    if (dest instanceof PDFName) return decodeName(dest);
    if (dest instanceof PDFString || dest instanceof PDFHexString) return dest.decodeText();
  }
  return undefined;
}

function newElement(pdf: PDFDocument, type: string, parent: PDFDict, extra: Record<string, unknown> = {}): { dict: PDFDict; ref: PDFRef } {
  const dict = pdf.context.obj({ Type: 'StructElem', S: type, K: [], ...extra } as never) as unknown as PDFDict;
  const parentRef = pdf.context.getObjectRef(parent);
  if (parentRef) dict.set(PDFName.of('P'), parentRef);
  return { dict, ref: pdf.context.register(dict) };
}

/** Move kids (refs to structure elements) under a new parent. */
function adopt(pdf: PDFDocument, parent: PDFDict, parentRef: PDFRef, items: unknown[]): void {
  parent.set(PDFName.of('K'), pdf.context.obj(items as never[]));
  for (const item of items) {
    const kid = item instanceof PDFRef ? pdf.context.lookup(item) : item;
    if (kid instanceof PDFDict && kid.has(PDFName.of('S'))) kid.set(PDFName.of('P'), parentRef);
  }
}

/** Replace one item of an element's kids by several. */
function replaceKid(pdf: PDFDocument, parent: PDFDict, old: PDFObject | undefined, replacements: unknown[]): void {
  const items = structItems(parent);
  const at = old === undefined ? -1 : items.indexOf(old);
  if (at < 0) return;
  parent.set(PDFName.of('K'), pdf.context.obj([...items.slice(0, at), ...replacements, ...items.slice(at + 1)] as never[]));
}

const isElement = (pdf: PDFDocument, item: unknown, type?: string): boolean => {
  const dict = item instanceof PDFRef ? pdf.context.lookup(item) : item;
  return dict instanceof PDFDict && dict.has(PDFName.of('S')) && (type === undefined || typeOf(dict) === type);
};

/**
 * Ruby holds one RB and either one RT or RP, RT, RP (Table 338). Chromium
 * writes the base as NonStruct and every base/annotation pair of
 * `<ruby>汉<rt>hàn</rt>字<rt>zì</rt></ruby>` in one Ruby: one Ruby per pair.
 * The RP parentheses are not drawn (ruby is), so they carry ActualText only.
 */
function splitRuby(pdf: PDFDocument, ruby: PDFDict): void {
  const rubyRef = pdf.context.getObjectRef(ruby);
  const parent = ruby.lookupMaybe(PDFName.of('P'), PDFDict);
  if (!rubyRef || !parent) return;
  const groups: unknown[][] = [];
  let current: unknown[] = [];
  for (const item of structItems(ruby)) {
    current.push(item);
    if (isElement(pdf, item, 'RT')) {
      groups.push(current);
      current = [];
    }
  }
  if (current.length) groups.at(-1)?.push(...current) ?? groups.push(current);
  const rubies: PDFRef[] = [];
  for (const [index, group] of groups.entries()) {
    const target = index === 0 ? { dict: ruby, ref: rubyRef } : newElement(pdf, 'Ruby', parent);
    const base = group.filter((item) => !isElement(pdf, item, 'RT'));
    const annotation = group.filter((item) => isElement(pdf, item, 'RT'));
    let rb: unknown;
    const only = base.length === 1 ? (base[0] instanceof PDFRef ? pdf.context.lookup(base[0]) : base[0]) : undefined;
    if (only instanceof PDFDict && typeOf(only) === 'NonStruct') {
      setType(only, 'RB');
      rb = base[0];
    } else {
      const made = newElement(pdf, 'RB', target.dict);
      adopt(pdf, made.dict, made.ref, base);
      rb = made.ref;
    }
    const kids: unknown[] = [rb];
    if (annotation.length) {
      const open = newElement(pdf, 'RP', target.dict, { ActualText: PDFHexString.fromText('（') });
      const close = newElement(pdf, 'RP', target.dict, { ActualText: PDFHexString.fromText('）') });
      kids.push(open.ref, ...annotation, close.ref);
    }
    adopt(pdf, target.dict, target.ref, kids);
    rubies.push(target.ref);
  }
  if (rubies.length > 1) replaceKid(pdf, parent, structItems(parent).find((item) => item === rubyRef), rubies);
}

/** Header rows (every cell a TH) at the top go into THead, the rows after them into TBody. */
function groupRows(pdf: PDFDocument, table: PDFDict): void {
  const tableRef = pdf.context.getObjectRef(table);
  if (!tableRef) return;
  const items = structItems(table);
  const rows = items.filter((item) => isElement(pdf, item, 'TR'));
  if (rows.length !== items.filter((item) => isElement(pdf, item)).length - items.filter((item) => isElement(pdf, item, 'Caption')).length) return;
  const isHeaderRow = (row: unknown) => {
    const cells = structKids(pdf, pdf.context.lookup(row as PDFRef) as PDFDict);
    return cells.length > 0 && cells.every((cell) => typeOf(cell) === 'TH');
  };
  let headCount = 0;
  while (headCount < rows.length && isHeaderRow(rows[headCount])) headCount++;
  if (headCount === 0 || headCount === rows.length) return;
  const head = newElement(pdf, 'THead', table);
  const body = newElement(pdf, 'TBody', table);
  adopt(pdf, head.dict, head.ref, rows.slice(0, headCount));
  adopt(pdf, body.dict, body.ref, rows.slice(headCount));
  const firstRow = items.indexOf(rows[0]!);
  const kept = items.filter((item) => !rows.includes(item));
  kept.splice(firstRow, 0, head.ref, body.ref);
  table.set(PDFName.of('K'), pdf.context.obj(kept as never[]));
}

/** The footnote call: its link inside a Reference (the `<sup>` around it, or a new one). */
function markReference(pdf: PDFDocument, link: PDFDict): void {
  const parent = link.lookupMaybe(PDFName.of('P'), PDFDict);
  const linkRef = pdf.context.getObjectRef(link);
  if (!parent || !linkRef || typeOf(parent) === 'Reference') return;
  if (typeOf(parent) === 'NonStruct' && structItems(parent).filter((item) => isElement(pdf, item)).length === 1) {
    setType(parent, 'Reference');
    return;
  }
  const reference = newElement(pdf, 'Reference', parent);
  replaceKid(pdf, parent, linkRef, [reference.ref]);
  adopt(pdf, reference.dict, reference.ref, [linkRef]);
}

/** The footnote holding a back-link: its list item becomes a Note with the note's id. */
function markNote(pdf: PDFDocument, backLink: PDFDict, id: string): void {
  let item: PDFDict | undefined = backLink;
  for (let depth = 0; item && typeOf(item) !== 'LI' && depth < 32; depth++) item = item.lookupMaybe(PDFName.of('P'), PDFDict);
  if (!item || typeOf(item) !== 'LI') return;
  setType(item, 'Note');
  item.set(PDFName.of('ID'), PDFHexString.fromText(id));
  for (const kid of structKids(pdf, item)) {
    if (typeOf(kid) === 'Lbl') setType(kid, 'Span');
    else if (typeOf(kid) === 'LBody') setType(kid, 'Div');
  }
  // A list of notes is no longer a list.
  const list = item.lookupMaybe(PDFName.of('P'), PDFDict);
  if (list && typeOf(list) === 'L' && structKids(pdf, list).every((kid) => typeOf(kid) === 'Note' || typeOf(kid) === 'LI' && hasBackLink(pdf, kid))) {
    setType(list, 'Div');
    list.delete(PDFName.of('A'));
  }
}

function hasBackLink(pdf: PDFDocument, element: PDFDict, depth = 0): boolean {
  if (depth > 64) return false;
  return structKids(pdf, element).some((kid) => {
    if (typeOf(kid) === 'Link') return REFERENCE_ID.test(linkTarget(pdf, kid) ?? '');
    return hasBackLink(pdf, kid, depth + 1);
  });
}
