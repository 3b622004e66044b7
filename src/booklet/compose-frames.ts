import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFObjectCopier, PDFPage, PDFPageLeaf } from 'pdf-lib';
import { pageFonts } from '../finish/marked.ts';
import { contentStream, pageContentText } from '../finish/streams.ts';
import { parseOperations, shownBytes, spliceContent, TEXT_SHOWING, type Operation } from '../pdf/content.ts';
import { copyFrontDrawing, distinctSubsetTags, dropUnreachable, frontSpliceRefusal, type SpliceRefusal } from './splice-front.ts';

/**
 * A book whose first print had no blank page, composed from that print and
 * a second print of only its front matter and page frames (each body page
 * empty but for its running head and folio, blank pages where they go):
 * the front pages take the second print's drawing (see spliceFrontPages);
 * each body page keeps its page object (its /StructParents, annotations,
 * MCIDs, place in the structure tree, the destinations on it), loses its
 * own running head and folio and takes its frame's, its drawing shifted
 * when it changed sides (mirrored margins); the blank pages are the frame
 * print's, inserted where they go. Blank pages change nothing inside the
 * type area, so the body's pages are those a whole reprint would print.
 */

export interface FramedBook {
  /** The first print's 0-based page each chapter opens on. */
  chapterStarts: readonly number[];
  /** Whether a blank page comes before each chapter. */
  blankBefore: readonly boolean[];
  /** The frame print's 0-based page of each chapter's destination. */
  frameStarts: readonly (number | undefined)[];
  /** The running head and folio a page should carry, whitespace aside: of the first print, of the frame print. */
  marginText: (print: 'first' | 'frames', index: number) => string;
}

type Slot = { kind: 'front'; index: number } | { kind: 'blank' } | { kind: 'body'; index: number };

/** Where each page of the composed book comes from. */
function composedPages(book: FramedBook, firstPages: number): Slot[] | SpliceRefusal {
  const slots: Slot[] = [];
  const { chapterStarts } = book;
  for (let index = 0; index < (chapterStarts[0] ?? 0); index++) slots.push({ kind: 'front', index });
  for (const [k, start] of chapterStarts.entries()) {
    const end = chapterStarts[k + 1] ?? firstPages;
    if (end <= start) return `chapter ${k + 1} has no page of its own in the first print`;
    if (book.blankBefore[k]) slots.push({ kind: 'blank' });
    if (book.frameStarts[k] !== slots.length) return `chapter ${k + 1} opens on page ${(book.frameStarts[k] ?? -1) + 1} of the frame print, not ${slots.length + 1}`;
    for (let index = start; index < end; index++) slots.push({ kind: 'body', index });
  }
  return slots;
}

/** The page's leading block (its margin boxes): a `q … Q` after the page's transforms, before any marked content. */
interface PageDrawing {
  ops: Operation[];
  text: string;
  /** Operations [open, close] of the leading block. */
  block?: { open: number; close: number };
}

const MARKING = new Set(['BDC', 'BMC', 'EMC', 'BX', 'Do', 'sh', 'BI']);

function pageDrawing(pdf: PDFDocument, page: PDFDict): PageDrawing {
  const text = pageContentText(pdf, page);
  const ops = parseOperations(text);
  let open = 0;
  while (ops[open]?.operator === 'cm') open++;
  if (ops[open]?.operator !== 'q') return { ops, text };
  let depth = 0;
  for (let i = open; i < ops.length; i++) {
    const operator = ops[i]!.operator;
    if (MARKING.has(operator)) return { ops, text };
    if (operator === 'q') depth++;
    if (operator === 'Q' && --depth === 0) return { ops, text, block: { open, close: i } };
  }
  return { ops, text };
}

/** The text drawn by ops[from, to) (ToUnicode), whitespace dropped; undefined when something is painted outside a text object. */
function drawnText(pdf: PDFDocument, page: PDFDict, ops: readonly Operation[], from: number, to: number): string | undefined {
  const fonts = pageFonts(pdf, page);
  let font: ReturnType<typeof fonts.get>;
  let text = '';
  let inText = false;
  for (let i = from; i < to; i++) {
    const op = ops[i]!;
    if (op.operator === 'BT') inText = true;
    else if (op.operator === 'ET') inText = false;
    else if (op.operator === 'Tf') font = op.operands[0]?.kind === 'name' ? fonts.get(op.operands[0].value) : undefined;
    else if (TEXT_SHOWING.has(op.operator)) {
      if (!font) return undefined;
      text += font.decode(shownBytes(op));
    } else if (MARKING.has(op.operator) || (!inText && ['f', 'F', 'f*', 'S', 's', 'B', 'B*', 'b', 'b*'].includes(op.operator))) return undefined;
  }
  return text.replace(/\s+/g, '');
}

/** The page's transforms (before its leading block) as one `a 0 0 d e f`, and the type area's clip rect after the block, in default user space. */
function typeArea(drawing: PageDrawing): Area | undefined {
  const { ops, block } = drawing;
  if (!block || block.open !== 1) return undefined;
  const [a, b, c, d, e, f] = ops[0]!.operands.map((operand) => (operand.kind === 'number' ? operand.value : NaN));
  const clip = ops.slice(block.close + 1, block.close + 5);
  if (b !== 0 || c !== 0 || clip.map((op) => op.operator).join(' ').replace('W*', 'W') !== 'q re W n') return undefined;
  const [rx, ry, rw, rh] = clip[1]!.operands.map((operand) => (operand.kind === 'number' ? operand.value : NaN));
  const rect = { x: a! * rx! + e!, y: d! * ry! + f!, width: a! * rw!, height: d! * rh! };
  return Object.values(rect).every(Number.isFinite) ? rect : undefined;
}

const near = (a: number, b: number) => Math.abs(a - b) < 1e-3;

type Area = { x: number; y: number; width: number; height: number };

/**
 * Compose the book in `first` (see the module comment). Checks everything
 * before changing anything: on a refusal `first` is untouched.
 */
export function composeWithFrames(first: PDFDocument, frames: PDFDocument, book: FramedBook): SpliceRefusal | undefined {
  const firstPages = first.getPages().map((page) => page.node);
  const framePages = frames.getPages().map((page) => page.node);
  const slots = composedPages(book, firstPages.length);
  if (typeof slots === 'string') return slots;
  if (framePages.length !== slots.length) return `the frame print has ${framePages.length} pages, the book should have ${slots.length}`;
  const box = (page: PDFDict) => String(page.get(PDFName.of('MediaBox')));
  if (![...firstPages, ...framePages].every((page) => box(page) === box(firstPages[0]!))) return 'the frame print\'s pages have another size';
  const frontPages = slots.filter((slot) => slot.kind === 'front').length;
  const front = frontSpliceRefusal(first, frames, frontPages);
  if (front) return `front matter: ${front}`;

  // Every frame page: its margin boxes and nothing else, the ones expected.
  const frameDrawings = new Map<number, PageDrawing>();
  for (const [j, slot] of slots.entries()) {
    if (slot.kind === 'front') continue;
    const frame = pageDrawing(frames, framePages[j]!);
    frameDrawings.set(j, frame);
    const text = drawnText(frames, framePages[j]!, frame.ops, 0, frame.ops.length);
    if (text === undefined || frame.ops.some((op) => MARKING.has(op.operator))) return `frame page ${j + 1} draws more than margin boxes`;
    if (text !== book.marginText('frames', j)) return `frame page ${j + 1} carries "${text}", not "${book.marginText('frames', j)}"`;
    if (framePages[j]!.has(PDFName.of('Annots'))) return `frame page ${j + 1} has annotations`;
  }
  // Every body page: a leading block of its margin boxes and the type area after it, the same on each side but for its left edge.
  const drawings = new Map<number, PageDrawing>();
  const sides: (Area | undefined)[] = [undefined, undefined];
  for (const slot of slots) {
    if (slot.kind !== 'body') continue;
    const drawing = pageDrawing(first, firstPages[slot.index]!);
    const area = typeArea(drawing);
    if (!drawing.block || !area) return `page ${slot.index + 1} of the first print: no margin-box block and type area where Chromium draws them`;
    const text = drawnText(first, firstPages[slot.index]!, drawing.ops, drawing.block.open, drawing.block.close);
    if (text !== book.marginText('first', slot.index)) return `page ${slot.index + 1} of the first print: its margin-box block carries "${text ?? 'more than text'}", not "${book.marginText('first', slot.index)}"`;
    const side = sides[slot.index % 2];
    if (side && !(near(side.x, area.x) && near(side.y, area.y) && near(side.width, area.width) && near(side.height, area.height))) return `page ${slot.index + 1} of the first print: its type area is not where the other pages on its side have it`;
    sides[slot.index % 2] = area;
    drawings.set(slot.index, drawing);
  }
  const shiftOf = (from: number, to: number): number | undefined => (from % 2 === to % 2 ? 0 : sides[to % 2] && sides[from % 2] && sides[to % 2]!.x - sides[from % 2]!.x);
  if (slots.some((slot, j) => slot.kind === 'body' && shiftOf(slot.index, j) === undefined)) return 'the first print has body pages on one side only: no measure of the margins of the other';
  if (sides[0] && sides[1] && !(near(sides[0].width, sides[1].width) && near(sides[0].y, sides[1].y) && near(sides[0].height, sides[1].height))) return 'the type area differs between left and right pages';

  const copier = PDFObjectCopier.for(frames.context, first.context);
  copyFrontDrawing(first, frames, frontPages, copier);
  for (const [j, slot] of slots.entries()) {
    if (slot.kind !== 'body') continue;
    frameBodyPage(first, firstPages[slot.index]!, drawings.get(slot.index)!, framePages[j]!, frameDrawings.get(j)!, shiftOf(slot.index, j)!, copier);
  }
  for (const [j, slot] of slots.entries()) {
    if (slot.kind !== 'blank') continue;
    const node = copier.copy(framePages[j]!) as PDFPageLeaf;
    first.insertPage(j, PDFPage.of(node, first.context.register(node), first));
  }
  dropUnreachable(first);
  distinctSubsetTags(first);
  return undefined;
}

/** Resource categories a content stream names its resources in, with the operators (and operand) that name them. */
const RESOURCE_OPERANDS: Record<string, [category: string, operand: number]> = {
  Tf: ['Font', 0],
  gs: ['ExtGState', 0],
  Do: ['XObject', 0],
  sh: ['Shading', 0],
  cs: ['ColorSpace', 0],
  CS: ['ColorSpace', 0],
  scn: ['Pattern', -1],
  SCN: ['Pattern', -1],
};

/**
 * The body page draws its frame's margin boxes in place of its own: the
 * frame's drawing first (`frameDrawing`, as the checks read it; its
 * resources under names the page does not use), then the page's own
 * without its margin boxes' text, shifted by `dx` points (its side
 * changed: the mirrored margins move the whole page), its annotations
 * with it.
 */
function frameBodyPage(first: PDFDocument, page: PDFDict, drawing: PageDrawing, frame: PDFDict, frameDrawing: PageDrawing, dx: number, copier: PDFObjectCopier): void {
  const resources = (page.lookupMaybe(PDFName.of('Resources'), PDFDict)?.clone(first.context)) ?? first.context.obj({});
  const frameResources = frame.lookupMaybe(PDFName.of('Resources'), PDFDict);
  const renamed = new Map<string, string>();
  for (const [category] of frameResources?.entries() ?? []) {
    const entries = frameResources!.lookup(category);
    if (!(entries instanceof PDFDict)) continue;
    const before = resources.lookup(category);
    const own = before instanceof PDFDict ? before.clone(first.context) : first.context.obj({});
    for (const [name, value] of entries.entries()) {
      let fresh = `Frame${name.decodeText()}`;
      for (let n = 2; own.has(PDFName.of(fresh)); n++) fresh = `Frame${n}${name.decodeText()}`;
      own.set(PDFName.of(fresh), copier.copy(value));
      renamed.set(`${category.decodeText()}/${name.decodeText()}`, fresh);
    }
    resources.set(category, own);
  }
  const frameText = frameDrawing.text;
  const edits = frameDrawing.ops.flatMap((op) => {
    const use = RESOURCE_OPERANDS[op.operator];
    if (!use) return [];
    const at = use[1] < 0 ? op.operands.length + use[1] : use[1];
    const operand = op.operands[at];
    const fresh = operand?.kind === 'name' ? renamed.get(`${use[0]}/${operand.value}`) : undefined;
    if (!fresh) return [];
    const operands = op.operands.map((o, i) => (i === at ? `/${fresh}` : o.raw));
    return [{ at: op.start, remove: op.end - op.start, text: `${operands.join(' ')} ${op.operator}` }];
  });
  // The page's own margin boxes: the text objects in its leading block (the block's other operators set up nothing after it, but are kept).
  const { ops, text, block } = drawing;
  const removals: { at: number; remove: number; text: string }[] = [];
  const removed = new Set<number>();
  for (let i = block!.open; i <= block!.close; i++) {
    if (ops[i]!.operator !== 'BT') continue;
    let end = i;
    while (ops[end]!.operator !== 'ET') end++;
    removals.push({ at: ops[i]!.start, remove: ops[end]!.end - ops[i]!.start, text: '' });
    for (let k = i; k <= end; k++) removed.add(k);
    i = end;
  }
  const shift = dx ? `1 0 0 1 ${+dx.toFixed(5)} 0 cm\n` : '';
  const head = `q\n${spliceContent(frameText, edits)}\nQ\nq\n${shift}`;
  const kept = spliceContent(text, removals);
  const content = `${head}${kept}\nQ\n`;
  page.set(PDFName.of('Contents'), first.context.register(contentStream(first, content, composedOperations(head, drawing, removed, removals, content.length))));
  page.set(PDFName.of('Resources'), resources);
  if (dx) shiftAnnotations(page, dx);
}

/** Only white space: what may follow a piece's last operation for the next piece to lex as on its own. */
const WHITE = /^[\0\t\n\f\r ]*$/;

/**
 * The operations of a composed body page's content (`head`, the page's own
 * text less the `removed` operations, `\nQ\n`; `length` long) without
 * lexing the page's own text again (the checks read it): the head's, lexed (the frame's few operations), then the
 * page's own less the removed, moved to where they now stand, then the
 * closing Q. The same as parseOperations(content) when each piece ends
 * between tokens (nothing but white space after its last operation: no
 * operand or comment left open for the next piece) and the page's own text
 * has no `%` (a comment could run into what a removal joins it to);
 * otherwise undefined (lexed again by whoever reads it).
 */
function composedOperations(head: string, own: PageDrawing, removed: ReadonlySet<number>, removals: readonly { at: number; remove: number }[], length: number): Operation[] | undefined {
  const headOps = parseOperations(head);
  const { ops, text } = own;
  if (!WHITE.test(head.slice(headOps.at(-1)?.end ?? 0)) || !WHITE.test(text.slice(ops.at(-1)?.end ?? 0)) || text.includes('%')) return undefined;
  const operations = headOps;
  let gone = 0;
  let next = 0;
  for (const [k, op] of ops.entries()) {
    // Removals are in offset order, each a whole run of operations.
    while (next < removals.length && removals[next]!.at + removals[next]!.remove <= op.start) gone += removals[next++]!.remove;
    if (removed.has(k)) continue;
    const delta = head.length - gone;
    operations.push({ operator: op.operator, operands: op.operands, start: op.start + delta, end: op.end + delta });
  }
  operations.push({ operator: 'Q', operands: [], start: length - 2, end: length - 1 });
  return operations;
}

/** Move the page's annotations (their /Rect and /QuadPoints) `dx` points across. */
function shiftAnnotations(page: PDFDict, dx: number): void {
  const annots = page.lookupMaybe(PDFName.of('Annots'), PDFArray);
  for (let i = 0; i < (annots?.size() ?? 0); i++) {
    const annot = annots!.lookupMaybe(i, PDFDict);
    for (const key of ['Rect', 'QuadPoints']) {
      const values = annot?.lookupMaybe(PDFName.of(key), PDFArray);
      if (!values) continue;
      const moved = values.asArray().map((value, n) => (n % 2 === 0 && value instanceof PDFNumber ? PDFNumber.of(+(value.asNumber() + dx).toFixed(5)) : value));
      annot!.set(PDFName.of(key), annot!.context.obj(moved));
    }
  }
}
