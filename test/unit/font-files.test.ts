// Font files and the project configuration are opened non-blocking, must be
// regular files, and are bounded in size: a FIFO named .ttf once hung the
// build forever (no --timeout, no SIGTERM), a 1.5 GB sparse "font" ran
// HarfBuzz out of wasm memory after 85 s.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
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
