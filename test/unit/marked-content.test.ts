// The 01-005 reader of test/helpers/marked-content.ts on PDFs made here by
// hand, so that the booklet test's empty answer means something.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { PDFDocument, PDFName, PDFNumber, StandardFonts } from 'pdf-lib';
import { untaggedContent } from '../helpers/marked-content.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-marked-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** A one-page PDF whose content stream is `content` (font /F1), with a P element owning MCID 0 when `owner`. */
async function pdfWith(name: string, content: string, owner = true): Promise<string> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([200, 200]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  page.node.setFontDictionary(PDFName.of('F1'), font.ref);
  page.node.set(PDFName.of('Contents'), pdf.context.register(pdf.context.flateStream(content)));
  page.node.set(PDFName.of('StructParents'), PDFNumber.of(0));
  const rootRef = pdf.context.nextRef();
  const element = pdf.context.register(pdf.context.obj({ Type: 'StructElem', S: 'P', P: rootRef, Pg: page.ref, K: 0 }));
  const parentTree = pdf.context.obj({ Nums: [0, pdf.context.obj(owner ? [element] : [])] });
  pdf.context.assign(rootRef, pdf.context.obj({ Type: 'StructTreeRoot', K: [element], ParentTree: parentTree }));
  pdf.catalog.set(PDFName.of('StructTreeRoot'), rootRef);
  const file = path.join(work, `${name}.pdf`);
  writeFileSync(file, await pdf.save({ useObjectStreams: false }));
  return file;
}

test('text in an owned MCID or in an artifact is fine', async () => {
  const file = await pdfWith('ok', '/P <</MCID 0>> BDC BT /F1 12 Tf 10 10 Td (body) Tj ET EMC /Artifact BMC BT /F1 9 Tf 10 180 Td (head) Tj ET 0 0 5 5 re f EMC');
  assert.deepEqual(await untaggedContent(file, { paint: true }), []);
});

test('text and paths outside marked content, or in marked content without an MCID, are found', async () => {
  const file = await pdfWith('bare', 'BT /F1 12 Tf 10 10 Td (bare) Tj ET BT /ReversedChars BMC /F1 12 Tf 10 30 Td (rtl) Tj EMC ET 0 0 5 5 re f');
  assert.deepEqual(await untaggedContent(file), [
    { page: 1, operator: 'Tj', why: 'in no marked content' },
    { page: 1, operator: 'Tj', why: 'in ReversedChars with no MCID' },
  ]);
  assert.deepEqual((await untaggedContent(file, { paint: true })).map((u) => u.operator), ['Tj', 'Tj', 'f']);
});

test('an MCID that the ParentTree does not map to its owner is found', async () => {
  const unmapped = await pdfWith('unmapped', '/P <</MCID 0>> BDC BT /F1 12 Tf 10 10 Td (body) Tj ET EMC', false);
  assert.deepEqual(await untaggedContent(unmapped), [{ page: 1, operator: 'Tj', why: 'MCID 0 (P) has no owning structure element in the ParentTree' }]);
  // MCID 1 is not in the ParentTree's array for the page, and element K names 0 only.
  const other = await pdfWith('other', '/P <</MCID 1>> BDC BT /F1 12 Tf 10 10 Td (body) Tj ET EMC');
  assert.equal((await untaggedContent(other)).length, 1);
});
