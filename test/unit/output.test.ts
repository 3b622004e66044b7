import assert from 'node:assert/strict';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { buildManifest, sha256, writeOutputs, type OutputFile } from '../../src/output/write.ts';
import { findChromium } from '../../src/render/chromium.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-output-'));
after(() => rmSync(work, { recursive: true, force: true }));

const head = {
  document: 'doc',
  title: 't',
  edition: '1',
  generator: { name: 'paiban', version: '0' },
  browser: null,
  source: 'source/doc',
  editionInfo: { id: '1', name: null, date: '2023-02-01', changes: null, default: true },
  options: { formats: ['html'], impose: null, pdfx: false },
  versions: { paiban: '0', node: '20' },
  inputs: [],
};

test('outputs replace the previous ones, assets folder included, nothing left behind', async () => {
  const target = path.join(work, 'out', 'doc');
  mkdirSync(path.join(target, 'assets'), { recursive: true });
  writeFileSync(path.join(target, 'assets', 'stale.css'), 'old');
  writeFileSync(path.join(target, 'index.html'), 'old');
  const files: OutputFile[] = [
    { role: 'html', path: 'index.html', bytes: Buffer.from('<p>new</p>') },
    { role: 'asset', path: 'assets/web.css', bytes: Buffer.from('p{}') },
  ];
  await writeOutputs(target, files, buildManifest(head, files));
  assert.equal(readFileSync(path.join(target, 'index.html'), 'utf8'), '<p>new</p>');
  assert.deepEqual(readdirSync(path.join(target, 'assets')), ['web.css']);
  assert.deepEqual(readdirSync(path.join(work, 'out')), ['doc'], 'no staging folder left');
  const manifest = JSON.parse(readFileSync(path.join(target, 'manifest.json'), 'utf8'));
  assert.equal(manifest.outputs[0].sha256, sha256('<p>new</p>'));
  assert.equal(manifest.outputs[0].bytes, 10);
});

test('findChromium: Debian\'s browser itself, not the launcher script that sources /etc/chromium.d', { skip: !existsSync('/usr/lib/chromium/chromium') && 'no Debian chromium here' }, () => {
  const found = findChromium({});
  assert.equal(found, '/usr/lib/chromium/chromium');
  // A program, not a shell script (#!) that would add the machine's switches first.
  const head = Buffer.alloc(4);
  const fd = openSync(found, 'r');
  readSync(fd, head, 0, 4, 0);
  closeSync(fd);
  assert.equal(head.toString('latin1'), '\x7fELF');
});

test('findChromium: env vars first, one clear line when there is none', () => {
  assert.equal(findChromium({ PAIBAN_CHROMIUM: process.execPath }), process.execPath);
  assert.equal(findChromium({ PUPPETEER_EXECUTABLE_PATH: process.execPath }), process.execPath);
  assert.throws(() => findChromium({ PAIBAN_CHROMIUM: '/nonexistent/chromium' }), /PAIBAN_CHROMIUM=\/nonexistent\/chromium is not an executable/);
});
