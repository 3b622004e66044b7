import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { test } from 'node:test';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';
import { composeWithFrames, type FramedBook } from '../../src/booklet/compose-frames.ts';
import { pageOperations } from '../../src/finish/streams.ts';
import { parseOperations } from '../../src/pdf/content.ts';

/** A ToUnicode CMap reading one-byte codes as ASCII: the pages' text is readable as written. */
const ASCII_CMAP = '/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <20> <7E> <0020> endbfrange endcmap end end';

interface PageSpec {
  content: string;
  links?: number[][];
  size?: [number, number];
}

async function pdfOf(pages: PageSpec[]): Promise<PDFDocument> {
  const pdf = await PDFDocument.create();
  const font = pdf.context.register(pdf.context.obj({ Type: 'Font', Subtype: 'Type0', BaseFont: 'AAAAAA+Serif', ToUnicode: pdf.context.register(pdf.context.stream(ASCII_CMAP)) }));
  for (const { content, links = [], size = [200, 300] as [number, number] } of pages) {
    const page = pdf.addPage(size);
    page.node.set(PDFName.of('Contents'), pdf.context.register(pdf.context.stream(content)));
    page.node.set(PDFName.of('Resources'), pdf.context.obj({ Font: { F1: font } }));
    page.node.set(PDFName.of('StructParents'), pdf.context.obj(pdf.getPageCount() - 1));
    if (links.length) page.node.set(PDFName.of('Annots'), pdf.context.obj(links.map((rect) => pdf.context.register(pdf.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: rect, Dest: PDFName.of('x') })))));
  }
  return pdf;
}

const PAGE = '.24 0 0 -.24 0 300 cm';
/** Chromium's drawing of a page: margin boxes in a leading q … Q, then the type area (left edge `x`) under a clip. */
const bodyPage = (margins: string[], x: number, text: string, mcid: number) =>
  `${PAGE} q 3 0 0 3 0 0 cm ${margins.map((m) => `BT /F1 12 Tf (${m}) Tj ET`).join(' ')} Q q ${x} 50 500 800 re W* n q 1 0 0 1 ${x} 50 cm /P <</MCID ${mcid}>> BDC BT /F1 12 Tf (${text}) Tj ET EMC Q Q`;
const framePage = (margins: string[]) => `${PAGE} q 3 0 0 3 0 0 cm ${margins.map((m) => `BT /F1 12 Tf (${m}) Tj ET`).join(' ')} Q`;
const CONTENTS = '/P <</MCID 0>> BDC BT /F1 12 Tf (Contents) Tj ET EMC';

/**
 * One contents page, chapter A on pages 2–3 (a left page first: a blank
 * page goes before it), chapter B on page 4; right pages have their type
 * area at x 100, left ones at 80 (×.24).
 */
function firstPrint(): PageSpec[] {
  return [
    { content: CONTENTS },
    { content: bodyPage(['T', '1'], 80, 'a one', 1), links: [[30, 40, 60, 50]] },
    { content: bodyPage(['A', '2'], 100, 'a two', 2) },
    { content: bodyPage(['T', '3'], 80, 'b one', 3) },
  ];
}
function framePrint(): PageSpec[] {
  return [{ content: CONTENTS }, { content: '' }, { content: framePage(['A', '1']) }, { content: framePage(['T', '2']) }, { content: framePage(['B', '3']) }];
}
const MARGINS: Record<'first' | 'frames', string[]> = { first: ['', 'T1', 'A2', 'T3'], frames: ['', '', 'A1', 'T2', 'B3'] };
const BOOK: FramedBook = { chapterStarts: [1, 3], blankBefore: [true, false], frameStarts: [2, 4], marginText: (print, index) => MARGINS[print][index]! };

const contentOf = (pdf: PDFDocument, index: number): string => {
  const stream = pdf.context.lookup(pdf.getPage(index).node.get(PDFName.of('Contents')) as PDFRef) as PDFRawStream;
  const filtered = stream.dict.get(PDFName.of('Filter')) !== undefined;
  return Buffer.from(filtered ? inflateSync(stream.contents) : stream.contents).toString('latin1');
};

/** Compose from these prints; on a refusal, check the first print was left as it was. */
async function compose(first: PageSpec[], frames: PageSpec[], book: FramedBook = BOOK): Promise<{ refusal: string | undefined; pdf: PDFDocument }> {
  const pdf = await pdfOf(first);
  const before = first.map((_, i) => contentOf(pdf, i));
  const refusal = composeWithFrames(pdf, await pdfOf(frames), book);
  if (refusal) assert.deepEqual(first.map((_, i) => contentOf(pdf, i)), before, 'a refusal changes nothing');
  return { refusal, pdf };
}

test('the body pages keep their page objects, lose their margin boxes, take their frame\'s and move with their side; blank pages are inserted', async () => {
  const pdf = await pdfOf(firstPrint());
  const refs = pdf.getPages().map((page) => page.ref);
  assert.equal(composeWithFrames(pdf, await pdfOf(framePrint()), BOOK), undefined);
  assert.equal(pdf.getPageCount(), 5);
  assert.deepEqual([0, 2, 3, 4].map((i) => pdf.getPage(i).ref), refs);
  const opening = contentOf(pdf, 2);
  // The frame's margin boxes under their own font name, then the page's own drawing moved by 24 − 19.2 points, without its margin boxes.
  assert.match(opening, /^q\n.*\/FrameF1 12 Tf \(A\) Tj ET .*\/FrameF1 12 Tf \(1\) Tj.*\nQ\nq\n1 0 0 1 4\.8 0 cm\n/s);
  assert.doesNotMatch(opening, /\(T\)|\(1\) Tj ET  *Q q 80/);
  assert.match(opening, /\/P <<\/MCID 1>> BDC BT \/F1 12 Tf \(a one\) Tj ET EMC/);
  // A page that stays on its side is not moved.
  assert.doesNotMatch(contentOf(pdf, 4), / cm\n1 0 0 1 /);
  assert.match(contentOf(pdf, 4), /\(B\) Tj/);
  const rect = pdf.getPage(2).node.lookup(PDFName.of('Annots'), PDFArray).lookup(0, PDFDict).get(PDFName.of('Rect'));
  assert.equal(String(rect), '[ 34.8 40 64.8 50 ]');
  assert.equal(contentOf(pdf, 1), '');
  assert.equal(String(pdf.getPage(2).node.get(PDFName.of('StructParents'))), '1');
});

test('a composed body page comes with its operations, exactly those its content lexes to; when a piece may not lex alone (a comment, an operand left over), they are lexed again', async () => {
  const opened = firstPrint();
  // Page 3 of the first print (the last body page) ends with a comment, page 2 with an operand no operator takes.
  opened[3] = { ...opened[3]!, content: `${opened[3]!.content} % note` };
  opened[2] = { ...opened[2]!, content: `${opened[2]!.content} 7` };
  for (const [first, known] of [[firstPrint(), [2, 3, 4]], [opened, [2]]] as const) {
    const pdf = await pdfOf(first);
    assert.equal(composeWithFrames(pdf, await pdfOf(framePrint()), BOOK), undefined);
    for (let i = 0; i < pdf.getPageCount(); i++) {
      const read = pageOperations(pdf, pdf.getPage(i).node);
      assert.equal(read.text, contentOf(pdf, i));
      assert.deepEqual(read.operations, parseOperations(contentOf(pdf, i)), `page ${i + 1}`);
      // Known ones come back as they were given (the same array each time); others are lexed afresh.
      assert.equal(pageOperations(pdf, pdf.getPage(i).node).operations === read.operations, (known as readonly number[]).includes(i), `page ${i + 1}`);
    }
  }
});

test('a frame print with another page count, or a chapter elsewhere in it, is refused', async () => {
  assert.match((await compose(firstPrint(), framePrint().slice(0, 4))).refusal ?? '', /^the frame print has 4 pages, the book should have 5$/);
  assert.match((await compose(firstPrint(), framePrint(), { ...BOOK, frameStarts: [2, 3] })).refusal ?? '', /^chapter 2 opens on page 4 of the frame print, not 5$/);
  assert.match((await compose(firstPrint(), framePrint(), { ...BOOK, chapterStarts: [1, 1] })).refusal ?? '', /^chapter 1 has no page of its own/);
});

test('pages of another size are refused', async () => {
  const frames = framePrint();
  frames[3] = { ...frames[3]!, size: [201, 300] };
  assert.match((await compose(firstPrint(), frames)).refusal ?? '', /another size/);
});

test('a front page that does not match is refused (see spliceFrontPages)', async () => {
  const frames = framePrint();
  frames[0] = { content: CONTENTS.replace('MCID 0', 'MCID 7') };
  assert.match((await compose(firstPrint(), frames)).refusal ?? '', /^front matter: page 1: marked content differs/);
});

test('a frame page with more than margin boxes, other margin boxes or annotations is refused', async () => {
  const tagged = framePrint();
  tagged[2] = { content: `${framePage(['A', '1'])} /P <</MCID 0>> BDC EMC` };
  assert.match((await compose(firstPrint(), tagged)).refusal ?? '', /^frame page 3 draws more than margin boxes$/);
  const painted = framePrint();
  painted[2] = { content: `${framePage(['A', '1'])} 0 0 10 10 re f` };
  assert.match((await compose(firstPrint(), painted)).refusal ?? '', /^frame page 3 draws more than margin boxes$/);
  const other = framePrint();
  other[3] = { content: framePage(['T', '9']) };
  assert.match((await compose(firstPrint(), other)).refusal ?? '', /^frame page 4 carries "T9", not "T2"$/);
  const linked = framePrint();
  linked[4] = { ...linked[4]!, links: [[0, 0, 1, 1]] };
  assert.match((await compose(firstPrint(), linked)).refusal ?? '', /^frame page 5 has annotations$/);
});

test('a body page without its margin-box block and type area, or with other text in the block, is refused', async () => {
  const bare = firstPrint();
  bare[2] = { content: `${PAGE} /P <</MCID 2>> BDC BT /F1 12 Tf (a two) Tj ET EMC` };
  assert.match((await compose(bare, framePrint())).refusal ?? '', /^page 3 of the first print: no margin-box block and type area/);
  const marked = firstPrint();
  marked[2] = { content: bodyPage(['A', '2'], 100, 'a two', 2).replace('q 3 0 0 3 0 0 cm', 'q 3 0 0 3 0 0 cm /P <</MCID 9>> BDC EMC') };
  assert.match((await compose(marked, framePrint())).refusal ?? '', /^page 3 of the first print: no margin-box block/);
  const extra = firstPrint();
  extra[3] = { content: bodyPage(['T', '3', 'footnote'], 80, 'b one', 3) };
  assert.match((await compose(extra, framePrint())).refusal ?? '', /^page 4 of the first print: its margin-box block carries "T3footnote", not "T3"$/);
});

test('type areas that differ between pages of a side or between sides, or a side with no page to measure, are refused', async () => {
  const moved = firstPrint();
  moved[3] = { content: bodyPage(['T', '3'], 81, 'b one', 3) };
  assert.match((await compose(moved, framePrint())).refusal ?? '', /^page 4 of the first print: its type area is not where the other pages on its side have it$/);
  const wider = firstPrint();
  wider[2] = { content: bodyPage(['A', '2'], 100, 'a two', 2).replace('500 800 re', '510 800 re') };
  assert.match((await compose(wider, framePrint())).refusal ?? '', /^the type area differs between left and right pages$/);
  // One body page, on a left page: it moves to the right, whose type area the first print never showed.
  const lone = [{ content: CONTENTS }, { content: bodyPage(['T', '1'], 80, 'a one', 1) }];
  const book: FramedBook = { chapterStarts: [1], blankBefore: [true], frameStarts: [2], marginText: (print, index) => (print === 'first' ? ['', 'T1'] : ['', '', 'A1'])[index]! };
  assert.match((await compose(lone, framePrint().slice(0, 3), book)).refusal ?? '', /^the first print has body pages on one side only/);
});
