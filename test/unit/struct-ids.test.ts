import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFString, type PDFRef } from 'pdf-lib';
import { renumberStructIds } from '../../src/finish/struct-ids.ts';
import { versionChange } from '../../src/render/body-swap.ts';

/** A table as Chromium tags it: TH and TD named after DOM node ids, the TD's Headers naming the TH, an IDTree split in two leaves. */
async function chromiumLikeTable(): Promise<{ pdf: PDFDocument; th: PDFRef; td: PDFRef }> {
  const pdf = await PDFDocument.create();
  pdf.addPage();
  const ctx = pdf.context;
  const th = ctx.register(ctx.obj({ S: 'TH', ID: PDFString.of('node00009153') }));
  const td = ctx.register(ctx.obj({ S: 'TD', ID: PDFString.of('node00006669'), A: { O: 'Table', Headers: [PDFString.of('node00009153')] } }));
  const table = ctx.register(ctx.obj({ S: 'Table', K: [th, td] }));
  const leafA = ctx.register(ctx.obj({ Limits: [PDFString.of('node00006669'), PDFString.of('node00006669')], Names: [PDFString.of('node00006669'), td] }));
  const leafB = ctx.register(ctx.obj({ Limits: [PDFString.of('node00009153'), PDFString.of('node00009153')], Names: [PDFString.of('node00009153'), th] }));
  const idTree = ctx.register(ctx.obj({ Kids: [leafA, leafB] }));
  pdf.catalog.set(PDFName.of('StructTreeRoot'), ctx.register(ctx.obj({ Type: 'StructTreeRoot', K: [table], IDTree: idTree })));
  return { pdf, th, td };
}

const text = (value: unknown) => (value as PDFString).decodeText();

test('structure element ids: renamed in tree order, Headers follow, one flat IDTree, the old names gone from the file', async () => {
  const { pdf, th, td } = await chromiumLikeTable();
  renumberStructIds(pdf);
  const thDict = pdf.context.lookup(th, PDFDict);
  const tdDict = pdf.context.lookup(td, PDFDict);
  assert.equal(text(thDict.get(PDFName.of('ID'))), 'node00000001');
  assert.equal(text(tdDict.get(PDFName.of('ID'))), 'node00000002');
  const headers = tdDict.lookup(PDFName.of('A'), PDFDict).lookup(PDFName.of('Headers'), PDFArray);
  assert.deepEqual(headers.asArray().map(text), ['node00000001']);
  const root = pdf.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
  const names = root.lookup(PDFName.of('IDTree'), PDFDict).lookup(PDFName.of('Names'), PDFArray).asArray();
  assert.deepEqual(names.map((item, i) => (i % 2 ? item : text(item))), ['node00000001', th, 'node00000002', td]);
  const saved = Buffer.from(await pdf.save({ useObjectStreams: false })).toString('latin1');
  assert.doesNotMatch(saved, /node0000(?:6669|9153)/);
});

test('structure element ids: the same names whatever the tab counted before', async () => {
  const a = await chromiumLikeTable();
  const b = await chromiumLikeTable();
  // The second as a later pass names it: every id shifted by the nodes the tab made before.
  for (const ref of [b.th, b.td]) {
    const dict = b.pdf.context.lookup(ref, PDFDict);
    dict.set(PDFName.of('ID'), PDFString.of(text(dict.get(PDFName.of('ID'))).replace(/\d+$/, (n) => String(Number(n) + 5000).padStart(8, '0'))));
  }
  renumberStructIds(a.pdf);
  renumberStructIds(b.pdf);
  for (const [x, y] of [[a.th, b.th], [a.td, b.td]] as const) {
    assert.equal(text(a.pdf.context.lookup(x, PDFDict).get(PDFName.of('ID'))), text(b.pdf.context.lookup(y, PDFDict).get(PDFName.of('ID'))));
  }
});

const page = (body: string, head = '<title>t</title>') => `<!DOCTYPE html>\n<html lang="zh-CN">\n<head>${head}</head>\n<body class="booklet">${body}</body>\n</html>\n`;
const files = (html: string, css = 'p{}') =>
  new Map([
    ['index.html', { body: html, contentType: 'text/html' }],
    ['assets/page.css', { body: css, contentType: 'text/css' }],
  ]);

test('a later version whose body alone changed is swapped in; anything else is loaded', () => {
  assert.deepEqual(versionChange(files(page('<p>0</p>')), files(page('<p>0</p>'))), { kind: 'none' });
  assert.deepEqual(versionChange(files(page('<p>0</p>')), files(page('<div class="blank-page"></div><p>12</p>'))), { kind: 'body', body: '<div class="blank-page"></div><p>12</p>' });
  assert.deepEqual(versionChange(files(page('<p>0</p>')), files(page('<p>1</p>', '<title>u</title>'))), { kind: 'other' });
  assert.deepEqual(versionChange(files(page('<p>0</p>')), files(page('<p>1</p>'), 'p{color:red}')), { kind: 'other' });
  assert.deepEqual(versionChange(files(page('<p>0</p>')), files(page('<p>1</p>').replace('class="booklet"', 'class="other"'))), { kind: 'other' });
});
