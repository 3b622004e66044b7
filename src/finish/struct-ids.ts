import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import { structKids } from './streams.ts';

/**
 * Chromium names structure elements after its DOM node ids (`node00006669`):
 * a counter of the renderer process, so the names depend on what the tab did
 * before (a book's later pass counts on from the earlier one) and even on
 * timing. Renamed here in the structure tree's own order, so the same
 * document always gets the same names: the elements' /ID, the table cells'
 * /Headers that point at them, and the IDTree that finds them.
 */
export function renumberStructIds(pdf: PDFDocument): void {
  const root = pdf.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) return;
  const renamed = new Map<string, string>();
  const elements: PDFDict[] = [];
  const visit = (element: PDFDict, depth: number) => {
    elements.push(element);
    const id = textOf(element.get(PDFName.of('ID')));
    if (id !== undefined && !renamed.has(id)) renamed.set(id, `node${String(renamed.size + 1).padStart(8, '0')}`);
    if (depth < 512) for (const kid of structKids(pdf, element)) visit(kid, depth + 1);
  };
  for (const kid of structKids(pdf, root)) visit(kid, 0);
  if (!renamed.size) return;

  const rename = (value: PDFObject | undefined) => {
    const id = textOf(value);
    const name = id === undefined ? undefined : renamed.get(id);
    return name === undefined ? value : PDFString.of(name);
  };
  for (const element of elements) {
    const id = element.get(PDFName.of('ID'));
    if (id) element.set(PDFName.of('ID'), rename(id)!);
    for (const attributes of attributeDicts(pdf, element)) {
      const headers = attributes.lookupMaybe(PDFName.of('Headers'), PDFArray);
      for (let i = 0; headers && i < headers.size(); i++) headers.set(i, rename(headers.get(i))!);
    }
  }

  // One flat name tree, keys in order (the new names sort as they were numbered).
  const { entries: targets, nodes } = readIdTree(pdf, root.get(PDFName.of('IDTree')));
  if (!targets.size) return;
  // pdf-lib writes every object it holds: the old tree goes, or its old names stay in the file.
  for (const node of nodes) pdf.context.delete(node);
  // Names of elements outside the tree (none that any reader can reach) are left out.
  const names = [...targets].flatMap(([id, ref]) => (renamed.has(id) ? [[renamed.get(id)!, ref] as const] : [])).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const array = pdf.context.obj([]) as PDFArray;
  for (const [name, ref] of names) {
    array.push(PDFString.of(name));
    array.push(ref);
  }
  root.set(PDFName.of('IDTree'), pdf.context.register(pdf.context.obj({ Names: array })));
}

/** An element's attribute dictionaries (/A: one, or an array of them and revision numbers). */
function attributeDicts(pdf: PDFDocument, element: PDFDict): PDFDict[] {
  const a = element.get(PDFName.of('A'));
  const value = a ? pdf.context.lookup(a) : undefined;
  if (value instanceof PDFDict) return [value];
  if (!(value instanceof PDFArray)) return [];
  return value.asArray().flatMap((item) => {
    const dict = pdf.context.lookup(item);
    return dict instanceof PDFDict ? [dict] : [];
  });
}

/** The IDTree's names and what they point at (from its Names, and its Kids where a writer split it), and its own objects. */
function readIdTree(pdf: PDFDocument, tree: PDFObject | undefined): { entries: Map<string, PDFObject>; nodes: PDFRef[] } {
  const entries = new Map<string, PDFObject>();
  const nodes: PDFRef[] = [];
  const walk = (node: PDFObject | undefined, depth: number) => {
    if (node instanceof PDFRef) nodes.push(node);
    const dict = node ? pdf.context.lookup(node) : undefined;
    if (!(dict instanceof PDFDict) || depth > 32) return;
    const names = dict.lookupMaybe(PDFName.of('Names'), PDFArray);
    for (let i = 0; names && i + 1 < names.size(); i += 2) {
      const key = textOf(names.get(i));
      if (key !== undefined) entries.set(key, names.get(i + 1));
    }
    const kids = dict.lookupMaybe(PDFName.of('Kids'), PDFArray);
    for (let i = 0; kids && i < kids.size(); i++) walk(kids.get(i), depth + 1);
  };
  walk(tree, 0);
  return { entries, nodes };
}

function textOf(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;
}
