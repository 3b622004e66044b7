import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFString } from 'pdf-lib';
import { wrapUntaggedInArtifacts } from './artifacts.ts';
import { repeatedHeaders, separateDecorations } from './marked.ts';
import { addSemantics } from './semantics.ts';
import { dissolveGroupings } from './groupings.ts';
import { pageOwners, parentTreeEntries, structTypeReader } from './parent-tree.ts';
import { decodeName } from './dests.ts';
import { labelsFor } from '../layout/labels.ts';
import { flateStream, pageContents, pageOperations, structKids } from './streams.ts';

/** Structure types of PDF 1.7 (ISO 32000-1, 14.8.4); anything else needs a RoleMap entry. */
const STANDARD_TYPES = new Set(
  'Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form'.split(' '),
);
/** What PDF 2.0 and Chromium types mean in PDF 1.7 terms. */
const ROLE_OF: Record<string, string> = { Strong: 'Span', Em: 'Span', Sub: 'Span', Title: 'H1', Aside: 'Note', FENote: 'Note', DocumentFragment: 'Div' };

export interface PageLabelRange {
  /** 0-based first page of the range. */
  start: number;
  /** Decimal, lower-roman, or no number (prefix only). */
  style?: 'D' | 'r';
  prefix?: string;
}

/**
 * Repair Chromium's structure tree to ISO 32000-1's nesting rules and
 * PDF/UA: LBody where Chromium writes NonStruct under LI, Scope on header
 * cells, no alt-less Figure wrapping the Figure that carries the alt text,
 * no bare NonStruct grouping (Chromium writes them or not by timing: see
 * groupings.ts), and a RoleMap for types PDF 1.7 lacks.
 */
export function repairStructure(pdf: PDFDocument): void {
  const root = pdf.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) return;
  const used = new Set<string>();
  const visit = (element: PDFDict, parentType: string | undefined) => {
    const type = element.get(PDFName.of('S'))?.toString().slice(1);
    if (!type) return;
    const kids = structKids(pdf, element);
    if (type === 'NonStruct' && parentType === 'LI') element.set(PDFName.of('S'), PDFName.of('LBody'));
    if (type === 'LI') {
      for (const kid of kids) if (kid.get(PDFName.of('S'))?.toString() === '/NonStruct') kid.set(PDFName.of('S'), PDFName.of('LBody'));
      gatherIntoLBody(pdf, element);
    }
    if (type === 'TH') setScope(pdf, element);
    // <figure> becomes a Figure without alt around the image's Figure that carries it: one Figure per image.
    if (type === 'Figure' && !element.has(PDFName.of('Alt')) && kids.some((kid) => kid.get(PDFName.of('S'))?.toString() === '/Figure')) {
      element.set(PDFName.of('S'), PDFName.of('Div'));
    }
    used.add(element.get(PDFName.of('S'))!.toString().slice(1));
    for (const kid of kids) visit(kid, element.get(PDFName.of('S'))!.toString().slice(1));
  };
  for (const kid of structKids(pdf, root)) visit(kid, undefined);
  addSemantics(pdf, root);
  dissolveGroupings(pdf, root);
  used.clear();
  const gather = (element: PDFDict, depth: number) => {
    used.add(element.get(PDFName.of('S'))!.toString().slice(1));
    if (depth < 512) for (const kid of structKids(pdf, element)) gather(kid, depth + 1);
  };
  for (const kid of structKids(pdf, root)) gather(kid, 0);

  const roleMap = root.lookupMaybe(PDFName.of('RoleMap'), PDFDict) ?? pdf.context.obj({});
  for (const type of [...used].sort()) {
    if (!STANDARD_TYPES.has(type) && !roleMap.has(PDFName.of(type))) roleMap.set(PDFName.of(type), PDFName.of(ROLE_OF[type] ?? 'Span'));
  }
  if (roleMap.keys().length) root.set(PDFName.of('RoleMap'), roleMap);
}

/**
 * An LI holds Lbl and LBody only: a link (the contents) or a nested list
 * that Chromium puts straight under LI moves into the item's LBody.
 */
function gatherIntoLBody(pdf: PDFDocument, li: PDFDict): void {
  const k = li.get(PDFName.of('K'));
  const items = k instanceof PDFArray ? k.asArray() : k ? [k] : [];
  const typeOf = (item: unknown) => {
    const dict = item instanceof PDFRef ? pdf.context.lookup(item) : item;
    return dict instanceof PDFDict ? dict.get(PDFName.of('S'))?.toString().slice(1) : undefined;
  };
  if (items.every((item) => typeOf(item) === 'Lbl' || typeOf(item) === 'LBody' || typeOf(item) === undefined)) return;
  const liRef = pdf.context.getObjectRef(li);
  let body: PDFDict | undefined;
  let bodyRef: PDFRef | undefined;
  const kept: unknown[] = [];
  for (const item of items) {
    const type = typeOf(item);
    if (type === 'Lbl' || type === undefined) {
      kept.push(item);
      continue;
    }
    if (!body) {
      if (type === 'LBody' && item instanceof PDFRef) {
        bodyRef = item;
        body = pdf.context.lookup(item, PDFDict);
        kept.push(item);
        continue;
      }
      body = pdf.context.obj({ Type: 'StructElem', S: 'LBody', K: pdf.context.obj([]) });
      if (liRef) body.set(PDFName.of('P'), liRef);
      bodyRef = pdf.context.register(body);
      kept.push(bodyRef);
    }
    const bodyKids = body.get(PDFName.of('K'));
    const list = bodyKids instanceof PDFArray ? bodyKids : pdf.context.obj(bodyKids ? [bodyKids] : []);
    list.push(item as PDFRef);
    body.set(PDFName.of('K'), list);
    const moved = item instanceof PDFRef ? pdf.context.lookup(item) : item;
    if (moved instanceof PDFDict && bodyRef) moved.set(PDFName.of('P'), bodyRef);
  }
  li.set(PDFName.of('K'), pdf.context.obj(kept as PDFRef[]));
}


/** A header cell in the first row heads its column; elsewhere, its row. */
function setScope(pdf: PDFDocument, th: PDFDict): void {
  const row = th.lookupMaybe(PDFName.of('P'), PDFDict);
  const table = row?.lookupMaybe(PDFName.of('P'), PDFDict);
  const rows = table ? structKids(pdf, table).flatMap((kid) => (kid.get(PDFName.of('S'))?.toString() === '/TR' ? [kid] : structKids(pdf, kid))) : [];
  const firstRow = rows[0];
  const scope = firstRow && row && firstRow === row ? 'Column' : 'Row';
  const attributes = th.get(PDFName.of('A'));
  const list = attributes instanceof PDFArray ? attributes.asArray().map((a) => pdf.context.lookup(a)) : attributes ? [pdf.context.lookup(attributes)] : [];
  let tableAttributes = list.find((a): a is PDFDict => a instanceof PDFDict && a.get(PDFName.of('O'))?.toString() === '/Table');
  if (!tableAttributes) {
    tableAttributes = pdf.context.obj({ O: 'Table' });
    th.set(PDFName.of('A'), attributes instanceof PDFArray ? (attributes.push(tableAttributes), attributes) : attributes ? pdf.context.obj([attributes, tableAttributes]) : tableAttributes);
  }
  if (!tableAttributes.has(PDFName.of('Scope'))) tableAttributes.set(PDFName.of('Scope'), PDFName.of(scope));
}

/** Every link says where it goes: the URL, or the text of the element it targets. */
export function describeLinks(pdf: PDFDocument, targetText: ReadonlyMap<string, string>, lang: string): void {
  const labels = labelsFor(lang);
  for (const page of pdf.getPages()) {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (const annot of annots?.asArray() ?? []) {
      const dict = pdf.context.lookup(annot);
      if (!(dict instanceof PDFDict) || dict.get(PDFName.of('Subtype'))?.toString() !== '/Link' || dict.has(PDFName.of('Contents'))) continue;
      const action = dict.lookupMaybe(PDFName.of('A'), PDFDict);
      const uri = action?.lookupMaybe(PDFName.of('URI'), PDFString, PDFHexString)?.decodeText();
      const dest = dict.get(PDFName.of('Dest'));
      let text: string | undefined;
      if (uri) text = `${labels.linkTo}${uri}`;
      else if (dest instanceof PDFName) {
        const id = decodeName(dest);
        text = `${labels.goTo}${targetText.get(id) ?? `#${id}`}`;
      }
      if (text) dict.set(PDFName.of('Contents'), PDFHexString.fromText(text));
    }
  }
}

/**
 * Mark everything Chromium left untagged (running heads, folios, rules and
 * backgrounds) as artifacts, and the decorations it put inside tagged content
 * (table borders, empty-alt images, 着重号 dots) too.
 */
export function markArtifacts(pdf: PDFDocument): number {
  const root = pdf.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  const typeOf = structTypeReader(root);
  const repeats = root ? repeatedHeaders(pdf, root, typeOf) : new Map<PDFDict, Set<number>>();
  const entries = root ? parentTreeEntries(root) : new Map();
  let wrapped = 0;
  for (const page of pdf.getPages()) {
    const { entries: ownStreams, streams, arrayRef } = pageContents(pdf, page.node);
    if (!streams.length || !streams.every((s) => s instanceof PDFRawStream)) continue;
    // The page's operations, read once (or known from whoever wrote the page): wrapping reads them again only when separating changed the text.
    const { text, operations } = pageOperations(pdf, page.node);
    const owners = pageOwners(entries, page.node);
    const separated = separateDecorations(pdf, page.node, text, { owners, typeOf, repeats: repeats.get(page.node) }, operations);
    const result = wrapUntaggedInArtifacts(separated, undefined, separated === text ? operations : undefined);
    if (!result.wrapped && separated === text) continue;
    wrapped += result.wrapped;
    const stream = flateStream(pdf, Buffer.from(result.content, 'latin1'));
    page.node.set(PDFName.of('Contents'), pdf.context.register(stream));
    // The old streams would otherwise still be written, unreferenced.
    for (const ref of ownStreams) if (ref instanceof PDFRef) pdf.context.delete(ref);
    if (arrayRef) pdf.context.delete(arrayRef);
  }
  return wrapped;
}

/** Page labels that match the printed folios (front matter roman, body from 1). */
export function setPageLabels(pdf: PDFDocument, ranges: readonly PageLabelRange[]): void {
  const nums: unknown[] = [];
  for (const range of ranges) {
    const label = pdf.context.obj({});
    if (range.style) label.set(PDFName.of('S'), PDFName.of(range.style));
    if (range.prefix) label.set(PDFName.of('P'), PDFHexString.fromText(range.prefix));
    nums.push(PDFNumber.of(range.start), label);
  }
  pdf.catalog.set(PDFName.of('PageLabels'), pdf.context.obj({ Nums: pdf.context.obj(nums as never[]) }));
}

/** Pages with annotations visit them in structure order (PDF/UA 7.18.3). */
export function setTabOrder(pdf: PDFDocument): void {
  for (const page of pdf.getPages()) {
    if (page.node.lookupMaybe(PDFName.of('Annots'), PDFArray)?.size()) page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
  }
}
