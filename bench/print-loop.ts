// What one document costs Chromium in a batch, without the rest of the build:
// one Renderer (as a batch has) loads or prints each dumped document in turn
// (folders from bench/dump-print-html.ts). Run it under cpu-by-process.py and
// compare two runs of different lengths for the cost of one more document:
//
//   node --import tsx bench/dump-print-html.ts DOC_DIR /tmp/dump/d1 --passes
//   python3 bench/cpu-by-process.py node --import tsx bench/print-loop.ts print /tmp/dump/d1 /tmp/dump/d1 …
//
// MODE: print (load, print), load (load only), nofonts (load without the
// font files), blank (a one-line page in place of each document: the cost of
// the tab itself).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { contentTypeOf } from '../src/mime.ts';
import { Renderer, type Resource } from '../src/render/browser.ts';

const [mode, ...dirs] = process.argv.slice(2);
if (!mode || !['print', 'load', 'nofonts', 'blank'].includes(mode) || !dirs.length) throw new Error('usage: print-loop.ts print|load|nofonts|blank DUMP_DIR…');

/** Every file under `dir`, by its `/`-separated path. */
function filesOf(dir: string): Map<string, Resource> {
  const files = new Map<string, Resource>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const key = path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    if (mode === 'nofonts' && key.startsWith('assets/fonts/')) continue;
    files.set(key, { body: readFileSync(path.join(entry.parentPath, entry.name)), contentType: contentTypeOf(key) });
  }
  return files;
}

const renderer = await Renderer.launch();
try {
  const started = performance.now();
  for (const dir of dirs) {
    const resources = mode === 'blank' ? new Map([['index.html', { body: '<!doctype html><title>t</title><p>t', contentType: 'text/html; charset=utf-8' }]]) : filesOf(dir);
    if (mode === 'print') await renderer.printPdf(resources, { timeoutMs: 600_000 });
    else await renderer.withPage(resources, { timeoutMs: 600_000 }, async () => undefined);
  }
  process.stderr.write(`${mode}: ${dirs.length} documents in ${((performance.now() - started) / 1000).toFixed(2)} s\n`);
} finally {
  await renderer.close();
}
