// Font files and the project configuration are opened non-blocking, must be
// regular files, and are bounded in size: a FIFO named .ttf once hung the
// build forever (no --timeout, no SIGTERM), a 1.5 GB sparse "font" ran
// HarfBuzz out of wasm memory after 85 s.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { isUserError } from '../../src/errors.ts';
import { documentFonts, loadProjectConfig, PROJECT_CONFIG } from '../../src/fonts/config.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-font-files-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** The first 12 bytes of a TrueType font: sfnt version 1.0 and a table count. */
const TRUETYPE_HEAD = Buffer.from('000100000001000000000000', 'hex');

test('a font that is a FIFO is refused at once, with the config line', async () => {
  const root = path.join(work, 'fifo');
  mkdirSync(root);
  execFileSync('mkfifo', [path.join(root, 'pipe.ttf')]);
  writeFileSync(path.join(root, PROJECT_CONFIG), 'fonts:\n  serif: pipe.ttf\n');
  await assert.rejects(loadProjectConfig(root), (e) => isUserError(e) && e.line === 2 && /"pipe\.ttf" is not a regular file/.test(e.message));
});

test('a document font that is a FIFO is refused at once', async () => {
  const doc = path.join(work, 'doc');
  mkdirSync(doc);
  execFileSync('mkfifo', [path.join(doc, 'pipe.ttf')]);
  await assert.rejects(documentFonts({ serif: 'pipe.ttf' }, doc, { file: 'index.md', line: 5 }), (e) => isUserError(e) && e.line === 5 && /is not a regular file/.test(e.message));
});

test('a sparse 1.5 GiB "font" is refused by its size', async () => {
  const root = path.join(work, 'sparse');
  mkdirSync(root);
  const font = path.join(root, 'huge.ttf');
  writeFileSync(font, TRUETYPE_HEAD);
  truncateSync(font, 1.5 * 1024 ** 3);
  writeFileSync(path.join(root, PROJECT_CONFIG), 'fonts:\n  serif: huge.ttf\n');
  await assert.rejects(loadProjectConfig(root), (e) => isUserError(e) && /"huge\.ttf" is 1536 MiB; a font file may be at most 256 MiB/.test(e.message));
});

test('a configuration file that is a FIFO is refused at once', async () => {
  const root = path.join(work, 'config-fifo');
  mkdirSync(root);
  execFileSync('mkfifo', [path.join(root, PROJECT_CONFIG)]);
  await assert.rejects(loadProjectConfig(root), (e) => isUserError(e) && /paiban\.config\.yaml: is not a regular file/.test(e.format()));
});

// A damaged .ttf was let through on its first 12 bytes and failed later in
// HarfBuzz as an internal error ('hb_subset_or_fail failed').
const DEJAVU = path.join(import.meta.dirname, '../../node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

test('a whole TrueType font is accepted', async () => {
  const doc = path.join(work, 'whole');
  mkdirSync(doc);
  writeFileSync(path.join(doc, 'font.ttf'), readFileSync(DEJAVU));
  const fonts = await documentFonts({ serif: 'font.ttf' }, doc, { file: 'index.md', line: 4 });
  assert.equal(path.basename(fonts.serif!.regular), 'font.ttf');
});

test('a TrueType font cut short is a user error naming the line, not a HarfBuzz failure', async () => {
  const doc = path.join(work, 'cut');
  mkdirSync(doc);
  const whole = readFileSync(DEJAVU);
  writeFileSync(path.join(doc, 'font.ttf'), whole.subarray(0, whole.length / 2));
  await assert.rejects(
    documentFonts({ serif: 'font.ttf' }, doc, { file: 'index.md', line: 4 }),
    (e) => isUserError(e) && e.line === 4 && /"font\.ttf" is not a usable TrueType font: its "\w{4}" table runs past the end of the file/.test(e.message),
  );
});

test('a TrueType header over zeros is refused by its table directory', async () => {
  const doc = path.join(work, 'zeros');
  mkdirSync(doc);
  writeFileSync(path.join(doc, 'font.ttf'), Buffer.concat([TRUETYPE_HEAD, Buffer.alloc(4096)]));
  await assert.rejects(documentFonts({ serif: 'font.ttf' }, doc, { file: 'index.md', line: 4 }), (e) => isUserError(e) && /not a usable TrueType font: it has no "cmap" table/.test(e.message));
});

test('a TrueType font whose head table is overwritten is refused', async () => {
  const doc = path.join(work, 'head');
  mkdirSync(doc);
  const bytes = Buffer.from(readFileSync(DEJAVU));
  // The head table's record, found by hand from the directory: tag, checksum, offset, length.
  const count = bytes.readUInt16BE(4);
  let headAt = -1;
  for (let i = 0; i < count; i++) if (bytes.toString('latin1', 12 + 16 * i, 16 + 16 * i) === 'head') headAt = bytes.readUInt32BE(12 + 16 * i + 8);
  bytes.fill(0, headAt, headAt + 54);
  writeFileSync(path.join(doc, 'font.ttf'), bytes);
  await assert.rejects(documentFonts({ serif: 'font.ttf' }, doc, { file: 'index.md', line: 4 }), (e) => isUserError(e) && /its "head" table is damaged/.test(e.message));
});
