// A tab whose print went well is kept for the next print (src/render/browser.ts,
// Renderer.recycle) instead of closed. Whatever the tab did before, the next
// document must print as it would in a new tab: no script, the emulation a
// new tab has, and its own files, never the last document's under the same URL.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Renderer, type Resource } from '../../src/render/browser.ts';
import { pdfPagesText } from '../helpers/pdf.ts';

const HTML = 'text/html; charset=utf-8';
const day = { timeoutMs: 86_400_000 };
let renderer: Renderer;
let tmp: string;
before(async () => {
  renderer = await Renderer.launch();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'paiban-tabs-'));
});
after(async () => {
  await renderer.close();
  rmSync(tmp, { recursive: true, force: true });
});

const page = (html: string, files: Record<string, Resource> = {}) => new Map<string, Resource>([['index.html', { body: `<!doctype html><html lang="en"><title>t</title>${html}`, contentType: HTML }], ...Object.entries(files)]);

/** The text pdftotext reads from a printed PDF. */
function printedText(pdf: Buffer): string {
  const file = path.join(tmp, 'out.pdf');
  writeFileSync(file, pdf);
  return pdfPagesText(file).join('\n');
}

test('a tab that ran script (a checker) never prints a document: its script stays off', async () => {
  // Several times: each print may take any kept tab.
  for (let i = 0; i < 3; i++) {
    await renderer.withPage(page('<p>checked</p>'), { ...day, javascript: true }, async (tab) => assert.equal(await tab.evaluate(() => 1 + 1), 2));
    const text = printedText(await renderer.printPdf(page('<p id="p">static text</p><script>document.getElementById("p").textContent = "script ran"</script>'), day));
    assert.match(text, /static text/);
    assert.doesNotMatch(text, /script ran/);
  }
});

test('the next document gets its own files, not the last one\'s under the same URL', async () => {
  for (const word of ['first', 'second', 'third']) {
    const css = { 'style.css': { body: `p::after { content: " ${word}" }`, contentType: 'text/css' } };
    const text = printedText(await renderer.printPdf(page('<link rel="stylesheet" href="style.css"><p>word:</p>', css), day));
    assert.match(text, new RegExp(`word: ${word}`));
  }
});

test('a print after one laid out at the type area\'s width sees the media and width a new tab has', async () => {
  // Screen media and the 800 px viewport of every new tab: "screen" and "wide"; print media or a narrow viewport say otherwise.
  const styles = '<style>p { font-family: "ScreenFace" } @media print { p { font-family: "PrintFace" } } @media (max-width: 500px) { p { font-family: "NarrowFace" } }</style>';
  // Two of each in turn: every kept tab is laid out narrow before it prints again.
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 2; j++) await renderer.printPdf(page('<p>narrow</p>'), { ...day, typeAreaWidthMm: 100 });
    for (let j = 0; j < 2; j++) {
      const { fonts } = await renderer.printWithFonts(page(`${styles}<p>which media</p>`), day, { any: false, suspect: () => false });
      assert.deepEqual(fonts?.familiesUsed, ['ScreenFace']);
    }
  }
});
