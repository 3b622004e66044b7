import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNull, PDFNumber, PDFRawStream, PDFRef, PDFStream } from 'pdf-lib';
import { parseToUnicode, type ToUnicode } from '../pdf/tounicode.ts';
import { parseOperations, PAINTING, shownBytes, spliceContent, TEXT_SHOWING, type Operation } from '../pdf/content.ts';
import { decodeStream } from './streams.ts';

/**
 * Chromium puts inside tagged content what is decoration, not document:
 * the borders and backgrounds of tables and boxes (a marked-content
 * sequence of paths under Table, TD, Div …), images with empty alt text,
 * and the 着重号 dots of `text-emphasis` (a second text object, in the
 * marks' own glyphs, inside the emphasised text's sequence: structure-order
 * text read `着重号···`). They become artifacts here, and the structure
 * tree loses the marked-content ids it no longer has.
 */

/** The characters CSS `text-emphasis` draws (dot, circle, double circle, triangle, sesame; filled and open). */
const EMPHASIS_MARKS = /^[\u2022\u25E6\u25CF\u25CB\u25C9\u25CE\u25B2\u25B3\uFE45\uFE46\s]+$/u;
/** Structure types whose own content is the document even without text (a list bullet is drawn as a path). */
const CONTENT_WITHOUT_TEXT = new Set(['Figure', 'Formula', 'Form', 'Lbl']);

interface MarkedSequence {
  open: Operation;
  close: Operation;
  mcid: number;
  tag: string;
  body: Operation[];
}

export interface PageStructure {
  /** Structure element owning each marked-content id of the page (the parent tree's entry). */
  owners: PDFArray | undefined;
  /** Marked-content ids of the page that repeat a table's header rows. */
  repeats?: ReadonlySet<number>;
  /** The struct type of an element, through the RoleMap. */
  typeOf(element: PDFDict): string;
}

/** The page's marked-content sequences at the outermost level that carry an MCID. */
function taggedSequences(operations: Operation[]): MarkedSequence[] {
  const sequences: MarkedSequence[] = [];
  const stack: { op: Operation; index: number }[] = [];
  operations.forEach((op, index) => {
    if (op.operator === 'BDC' || op.operator === 'BMC') stack.push({ op, index });
    else if (op.operator === 'EMC') {
      const opened = stack.pop();
      if (!opened || stack.length || opened.op.operator !== 'BDC') return;
      const props = opened.op.operands[1];
      const tag = opened.op.operands[0];
      const mcid = props?.kind === 'dict' ? props.entries.get('MCID') : undefined;
      if (mcid?.kind !== 'number' || tag?.kind !== 'name') return;
      sequences.push({ open: opened.op, close: op, mcid: mcid.value, tag: tag.value, body: operations.slice(opened.index + 1, index) });
    }
  });
  return sequences;
}

/**
 * Each ToUnicode CMap read once: every page of a document shares the same
 * font objects, and a CJK font's CMap has thousands of entries (reading it
 * per page was half of the finish stage's time). Keyed by the stream object,
 * which finishing never changes.
 */
const readCmaps = new WeakMap<PDFRawStream, ToUnicode>();

function readCmap(cmap: PDFRawStream): ToUnicode {
  let read = readCmaps.get(cmap);
  if (!read) {
    read = parseToUnicode(Buffer.from(decodeStream(cmap)).toString('latin1'));
    readCmaps.set(cmap, read);
  }
  return read;
}

/** ToUnicode readers for the page's fonts, by resource name. */
export function pageFonts(pdf: PDFDocument, page: PDFDict): Map<string, ToUnicode> {
  const fonts = new Map<string, ToUnicode>();
  const dict = page.lookupMaybe(PDFName.of('Resources'), PDFDict)?.lookupMaybe(PDFName.of('Font'), PDFDict);
  for (const [name, ref] of dict?.entries() ?? []) {
    const font = pdf.context.lookup(ref);
    const cmap = font instanceof PDFDict ? font.lookup(PDFName.of('ToUnicode')) : undefined;
    if (cmap instanceof PDFRawStream) fonts.set(name.decodeText(), readCmap(cmap));
  }
  return fonts;
}

/** Names of the page's image XObjects (a Do of anything else may draw text). */
function imageNames(pdf: PDFDocument, page: PDFDict): Set<string> {
  const names = new Set<string>();
  const dict = page.lookupMaybe(PDFName.of('Resources'), PDFDict)?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  for (const [name, ref] of dict?.entries() ?? []) {
    const object = pdf.context.lookup(ref);
    if (object instanceof PDFStream && object.dict.get(PDFName.of('Subtype'))?.toString() === '/Image') names.add(name.decodeText());
  }
  return names;
}

/** Text objects (BT … ET) of a sequence, with the font size and decoded text of each. */
function textObjects(body: Operation[], fonts: Map<string, ToUnicode>): { begin: Operation; end: Operation; size: number; text: string; index: number; endIndex: number }[] {
  const objects = [];
  let font: ToUnicode | undefined;
  let size = 0;
  let begin: { op: Operation; index: number } | undefined;
  let text = '';
  for (const [index, op] of body.entries()) {
    if (op.operator === 'BT') {
      begin = { op, index };
      text = '';
    } else if (op.operator === 'Tf') {
      const [name, points] = op.operands;
      font = name?.kind === 'name' ? fonts.get(name.value) : undefined;
      size = points?.kind === 'number' ? Math.abs(points.value) : 0;
    } else if (TEXT_SHOWING.has(op.operator)) {
      text += font ? font.decode(shownBytes(op)) : '\ufffd';
    } else if (op.operator === 'ET' && begin) {
      objects.push({ begin: begin.op, end: op, size, text, index: begin.index, endIndex: index });
      begin = undefined;
    }
  }
  return objects;
}

/** Remove one marked-content id of `page` from a structure element's kids; true when the element is left with none. */
function dropMcid(pdf: PDFDocument, element: PDFDict, mcid: number, page: PDFDict): boolean {
  const k = element.get(PDFName.of('K'));
  const ownPage = element.lookupMaybe(PDFName.of('Pg'), PDFDict);
  const isThis = (item: unknown) => {
    const value = item instanceof PDFRef ? pdf.context.lookup(item) : item;
    if (value instanceof PDFNumber) return value.asNumber() === mcid && (!ownPage || ownPage === page);
    if (!(value instanceof PDFDict) || value.get(PDFName.of('Type'))?.toString() !== '/MCR') return false;
    const mcrPage = value.lookupMaybe(PDFName.of('Pg'), PDFDict) ?? ownPage;
    return (value.get(PDFName.of('MCID')) as PDFNumber | undefined)?.asNumber() === mcid && (!mcrPage || mcrPage === page);
  };
  const items = k instanceof PDFArray ? k.asArray() : k ? [k] : [];
  const kept = items.filter((item) => !isThis(item));
  element.set(PDFName.of('K'), pdf.context.obj(kept as never[]));
  return kept.length === 0;
}

/**
 * Table header rows that Chromium repeats at the top of each page a table
 * runs onto: the repeats are tagged as more content of the same header
 * cells (marked content on a later page), so a reader would hear the
 * headers again mid-table. They are artifacts (PDF/UA: page furniture).
 * Returns, per page, the marked-content ids that are repeats.
 */
export function repeatedHeaders(pdf: PDFDocument, root: PDFDict, typeOf: (element: PDFDict) => string): Map<PDFDict, Set<number>> {
  const repeats = new Map<PDFDict, Set<number>>();
  const visit = (element: PDFDict, inHead: boolean, depth: number) => {
    if (depth > 512) return;
    const type = typeOf(element);
    const head = inHead || type === 'THead' || type === 'TH';
    const ownPage = element.lookupMaybe(PDFName.of('Pg'), PDFDict);
    const k = element.get(PDFName.of('K'));
    let firstPage: PDFDict | undefined;
    for (const item of k instanceof PDFArray ? k.asArray() : k ? [k] : []) {
      const value = item instanceof PDFRef ? pdf.context.lookup(item) : item;
      let page: PDFDict | undefined;
      let mcid: number | undefined;
      if (value instanceof PDFNumber) [page, mcid] = [ownPage, value.asNumber()];
      else if (value instanceof PDFDict && value.get(PDFName.of('Type'))?.toString() === '/MCR') {
        page = value.lookupMaybe(PDFName.of('Pg'), PDFDict) ?? ownPage;
        mcid = (value.get(PDFName.of('MCID')) as PDFNumber | undefined)?.asNumber();
      } else if (value instanceof PDFDict && value.has(PDFName.of('S'))) {
        visit(value, head, depth + 1);
        continue;
      }
      if (!head || !page || mcid === undefined) continue;
      firstPage ??= page;
      if (page !== firstPage) {
        const set = repeats.get(page) ?? new Set<number>();
        set.add(mcid);
        repeats.set(page, set);
      }
    }
  };
  const k = root.get(PDFName.of('K'));
  for (const item of k instanceof PDFArray ? k.asArray() : k ? [k] : []) {
    const value = item instanceof PDFRef ? pdf.context.lookup(item) : item;
    if (value instanceof PDFDict) visit(value, false, 0);
  }
  return repeats;
}

/** Detach an element from its parent's kids. */
function detach(pdf: PDFDocument, element: PDFDict): void {
  const parent = element.lookupMaybe(PDFName.of('P'), PDFDict);
  const k = parent?.get(PDFName.of('K'));
  if (!parent || !k) return;
  const ref = pdf.context.getObjectRef(element);
  const items = k instanceof PDFArray ? k.asArray() : [k];
  parent.set(PDFName.of('K'), pdf.context.obj(items.filter((item) => item !== ref && item !== element) as never[]));
}

/** Append a marked-content id to a structure element's kids. */
function addMcid(pdf: PDFDocument, element: PDFDict, mcid: number): void {
  const k = element.get(PDFName.of('K'));
  const items = k instanceof PDFArray ? k.asArray() : k ? [k] : [];
  element.set(PDFName.of('K'), pdf.context.obj([...items, PDFNumber.of(mcid)] as never[]));
}

/**
 * Make the page's decorations artifacts; `content` is its decoded content
 * (`operations` its operations, when the caller has them already), the
 * returned text the new one (unchanged when there was nothing to do).
 */
export function separateDecorations(pdf: PDFDocument, page: PDFDict, content: string, structure: PageStructure, operations = parseOperations(content)): string {
  const { owners } = structure;
  if (!owners) return content;
  const sequences = taggedSequences(operations);
  if (!sequences.length) return content;
  const fonts = pageFonts(pdf, page);
  const images = imageNames(pdf, page);
  let nextMcid = Math.max(owners.size(), ...sequences.map((s) => s.mcid + 1));
  const edits: { at: number; remove?: number; text: string }[] = [];

  for (const sequence of sequences) {
    const owner = owners.lookupMaybe(sequence.mcid, PDFDict);
    if (!owner) continue;
    const ownerType = structure.typeOf(owner);
    const { body } = sequence;
    const hasText = body.some((op) => TEXT_SHOWING.has(op.operator) || (op.operator === 'Do' && !images.has(nameOperand(op))));
    const paints = body.some((op) => PAINTING.has(op.operator));

    if ((!hasText && paints && !CONTENT_WITHOUT_TEXT.has(ownerType)) || structure.repeats?.has(sequence.mcid)) {
      // A border, a background, an image without alt text, a repeated header row: all decoration.
      edits.push({ at: sequence.open.start, remove: sequence.open.end - sequence.open.start, text: '/Artifact BMC' });
      owners.set(sequence.mcid, PDFNull);
      if (dropMcid(pdf, owner, sequence.mcid, page) && ownerType === 'NonStruct') detach(pdf, owner);
      continue;
    }

    // 着重号: a text object of emphasis marks only, at most 0.6 of the size of the text before it.
    // The last text object before each that is not emphasis marks, carried along (not searched for again per object).
    let lastText: ReturnType<typeof textObjects>[number] | undefined;
    for (const object of textObjects(body, fonts)) {
      const previous = lastText;
      const marks = EMPHASIS_MARKS.test(object.text);
      if (!marks) lastText = object;
      if (!previous || !marks || object.size > previous.size * 0.6) continue;
      const paintsAfter = body.slice(object.endIndex + 1).some((op) => PAINTING.has(op.operator));
      edits.push({ at: object.begin.start, text: 'EMC\n/Artifact BMC\n' });
      if (paintsAfter) {
        const mcid = nextMcid++;
        edits.push({ at: object.end.end, text: `\nEMC\n/${sequence.tag} <</MCID ${mcid}>> BDC\n` });
        setOwner(owners, mcid, pdf.context.getObjectRef(owner) ?? owner);
        addMcid(pdf, owner, mcid);
      } else {
        edits.push({ at: object.end.end, text: '\nEMC\n' });
        edits.push({ at: sequence.close.start, remove: sequence.close.end - sequence.close.start, text: '' });
        break;
      }
    }
  }
  return edits.length ? spliceContent(content, edits) : content;
}

/** Set a parent-tree entry, growing the array (with nulls) as needed. */
function setOwner(owners: PDFArray, mcid: number, owner: PDFRef | PDFDict): void {
  while (owners.size() < mcid) owners.push(PDFNull);
  if (owners.size() === mcid) owners.push(owner);
  else owners.set(mcid, owner);
}

function nameOperand(op: Operation): string {
  const last = op.operands.at(-1);
  return last?.kind === 'name' ? last.value : '';
}
