import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';
import { spliceFrontPages } from '../../src/booklet/splice-front.ts';

/** A PDF of pages with these content streams; each page's links as [dest name, rect]. */
async function pdfOf(pages: { content: string; links?: [string, number[]][] }[]): Promise<PDFDocument> {
  const pdf = await PDFDocument.create();
  for (const { content, links = [] } of pages) {
    const page = pdf.addPage([200, 300]);
    page.node.set(PDFName.of('Contents'), pdf.context.register(pdf.context.stream(content)));
    page.node.set(PDFName.of('StructParents'), pdf.context.obj(pdf.getPageCount() - 1));
    if (links.length) {
      const annots = links.map(([dest, rect]) => pdf.context.register(pdf.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: rect, Dest: PDFName.of(dest) })));
      page.node.set(PDFName.of('Annots'), pdf.context.obj(annots));
    }
  }
  return pdf;
}

const contentOf = (pdf: PDFDocument, index: number): string => {
  const stream = pdf.context.lookup(pdf.getPage(index).node.get(PDFName.of('Contents')) as PDFRef) as PDFRawStream;
  return Buffer.from(stream.contents).toString('latin1');
};
const rectOf = (pdf: PDFDocument, page: number): string => {
  const annots = pdf.getPage(page).node.lookup(PDFName.of('Annots'), PDFArray);
  return String((annots.lookup(0) as PDFDict).get(PDFName.of('Rect')));
};

const TOC_BEFORE = '/P <</MCID 0>> BDC BT (Chapter one 0) Tj ET EMC /Artifact BMC 0 0 m 1 1 l S EMC';
const TOC_AFTER = '/P <</MCID 0>> BDC BT (Chapter one 12) Tj ET EMC /Artifact BMC 0 0 m 1 1 l S EMC';

test('pages with the same marked content and links take the reprint\'s drawing and link rects, keeping their page objects', async () => {
  const first = await pdfOf([{ content: TOC_BEFORE, links: [['ch1', [10, 10, 50, 20]]] }, { content: 'BODY' }]);
  const again = await pdfOf([{ content: TOC_AFTER, links: [['ch1', [10, 10, 60, 20]]] }]);
  const pageRef = first.getPage(0).ref;
  assert.equal(spliceFrontPages(first, again, 1), undefined);
  assert.equal(contentOf(first, 0), TOC_AFTER);
  assert.equal(contentOf(first, 1), 'BODY');
  assert.equal(rectOf(first, 0), '[ 10 10 60 20 ]');
  assert.equal(first.getPage(0).ref, pageRef);
  assert.equal(String(first.getPage(0).node.get(PDFName.of('StructParents'))), '0');
});

test('a different marked-content sequence is refused, naming the page, and changes nothing', async () => {
  const first = await pdfOf([{ content: TOC_BEFORE }, { content: 'BODY' }]);
  const again = await pdfOf([{ content: `${TOC_AFTER} /P <</MCID 1>> BDC BT (wrapped) Tj ET EMC` }]);
  assert.match(spliceFrontPages(first, again, 1) ?? '', /^page 1: marked content differs at sequence 3 \(none before, \/P 1 reprinted\)/);
  assert.equal(contentOf(first, 0), TOC_BEFORE);
});

test('other MCIDs, other link targets or another link count are refused', async () => {
  const first = await pdfOf([{ content: TOC_BEFORE, links: [['ch1', [0, 0, 1, 1]]] }, { content: 'BODY' }]);
  const renumbered = await pdfOf([{ content: TOC_AFTER.replace('MCID 0', 'MCID 4'), links: [['ch1', [0, 0, 1, 1]]] }]);
  assert.match(spliceFrontPages(first, renumbered, 1) ?? '', /marked content differs at sequence 1 \(\/P 0 before, \/P 4 reprinted\)/);
  const elsewhere = await pdfOf([{ content: TOC_AFTER, links: [['ch2', [0, 0, 1, 1]]] }]);
  assert.match(spliceFrontPages(first, elsewhere, 1) ?? '', /link 1 goes to \/ch1 before, \/ch2 reprinted/);
  const fewer = await pdfOf([{ content: TOC_AFTER }]);
  assert.match(spliceFrontPages(first, fewer, 1) ?? '', /1 links before, 0 reprinted/);
  assert.equal(contentOf(first, 0), TOC_BEFORE);
});

test('a reprint with fewer front pages than the first print is refused', async () => {
  const first = await pdfOf([{ content: TOC_BEFORE }, { content: TOC_BEFORE }, { content: 'BODY' }]);
  const again = await pdfOf([{ content: TOC_AFTER }]);
  assert.match(spliceFrontPages(first, again, 2) ?? '', /1 front pages, the first print 2/);
});

test('a reprint drawn at another scale (Chromium shrank the whole book, wider than its pages) is refused', async () => {
  const first = await pdfOf([{ content: `.24 0 0 -.24 0 842 cm q 3.1246 0 0 3.1246 0 0 cm ${TOC_BEFORE} Q` }, { content: 'BODY' }]);
  const again = await pdfOf([{ content: `.24 0 0 -.24 0 842 cm q 3.125 0 0 3.125 0 0 cm ${TOC_AFTER} Q` }]);
  assert.match(spliceFrontPages(first, again, 1) ?? '', /^page 1: printed at another scale \(.*3\.1246 0 0 3\.1246 0 0 before, .*3\.125 0 0 3\.125 0 0 reprinted/);
  const same = await pdfOf([{ content: `.24 0 0 -.24 0 842 cm q 3.1246 0 0 3.1246 0 0 cm ${TOC_AFTER} Q` }]);
  assert.equal(spliceFrontPages(first, same, 1), undefined);
});
