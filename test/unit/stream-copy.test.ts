import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { PDFDocument, PDFName, PDFStream, StandardFonts } from 'pdf-lib';

// pdf-lib's own copy, taken before paiban's replacement is loaded (imported below, on purpose late).
const pdfLibCopy = PDFStream.prototype.copyBytesInto;

/** A document with every kind of stream pdf-lib writes: raw (binary, empty), content, flate, and an embedded font. */
async function documentWithStreams(): Promise<PDFDocument> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const page = pdf.addPage([200, 200]);
  page.drawText('stream copy', { font: await pdf.embedFont(StandardFonts.Helvetica), size: 12, x: 20, y: 100 });
  pdf.context.register(pdf.context.stream(randomBytes(70_000), { Type: 'XObject' }));
  pdf.context.register(pdf.context.stream(new Uint8Array(0)));
  pdf.context.register(pdf.context.flateStream('BT /F1 12 Tf (flate) Tj ET'));
  pdf.catalog.set(PDFName.of('Extra'), pdf.context.register(pdf.context.stream('text stream')));
  return pdf;
}

test("a saved PDF's bytes are the same with paiban's stream copy as with pdf-lib's", async () => {
  const pdf = await documentWithStreams();
  const withPdfLib = await pdf.save({ useObjectStreams: false });
  await import('../../src/finish/stream-copy.ts');
  assert.notEqual(PDFStream.prototype.copyBytesInto, pdfLibCopy, 'the replacement is installed');
  const withPaiban = await pdf.save({ useObjectStreams: false });
  assert.ok(withPdfLib.length > 70_000);
  assert.deepEqual(Buffer.from(withPaiban), Buffer.from(withPdfLib));
});
