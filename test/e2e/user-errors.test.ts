// Mistakes a user can make that once ended in "internal error" with a stack
// behind PAIBAN_DEBUG: each must be one line, naming the file, exit 1.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { paiban, repoRoot } from '../helpers/cli.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-user-errors-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** One line starting `paiban: `, no "internal error", exit 1. */
function assertOneLine(result: { code: number | null; stderr: string }, message: RegExp): void {
  assert.equal(result.code, 1, result.stderr);
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line, got:\n${result.stderr}`);
  assert.doesNotMatch(lines[0]!, /internal error/);
  assert.match(lines[0]!, message);
}

const doc = path.join(repoRoot, 'test', 'fixtures', 'a11y');

describe('--out', () => {
  test('naming a path under a file', () => {
    const file = path.join(work, 'notes.txt');
    writeFileSync(file, 'x');
    assertOneLine(paiban(['build', doc, '--out', path.join(file, 'out'), '--format', 'html']), /notes\.txt\/out: lies under a file, not a folder; --out takes a folder$/);
  });

  test('naming a file', () => {
    const file = path.join(work, 'out.txt');
    writeFileSync(file, 'x');
    assertOneLine(paiban(['build', doc, '--out', file, '--format', 'html']), /out\.txt: is not a folder; --out takes a folder/);
  });
});

describe('diff', () => {
  test('of a damaged PDF', () => {
    const dir = path.join(work, 'damaged');
    mkdirSync(dir);
    // A PDF header and nothing pdf.js can read behind it.
    writeFileSync(path.join(dir, 'a.pdf'), '%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n%%EOF\n');
    writeFileSync(path.join(dir, 'b.pdf'), '%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n%%EOF\n');
    assertOneLine(paiban(['diff', 'a.pdf', 'b.pdf', '--out', path.join(dir, 'report')], { cwd: dir }), /^paiban: a\.pdf: cannot read this PDF \(.+\)$/);
  });

  test('of a manifest naming a PDF that is not there', () => {
    const dir = path.join(work, 'missing');
    mkdirSync(dir);
    const manifest = { outputs: [{ role: 'pdf', path: 'gone.pdf', sha256: '0'.repeat(64), bytes: 1 }] };
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    assertOneLine(paiban(['diff', 'manifest.json', 'manifest.json', '--out', path.join(dir, 'report')], { cwd: dir }), /^paiban: manifest\.json: lists "gone\.pdf", which does not exist beside it$/);
  });
});

describe('verify', () => {
  test('of a manifest without generator stops before rebuilding', () => {
    const dir = path.join(work, 'verify');
    mkdirSync(dir);
    const manifest = {
      source: 'test/fixtures/a11y',
      editionInfo: { id: 'default' },
      options: { formats: ['html'], impose: null, pdfx: false },
      inputs: [],
      versions: { node: process.versions.node },
      outputs: [{ role: 'html', path: 'index.html', sha256: '0'.repeat(64), bytes: 1 }],
    };
    const file = path.join(dir, 'manifest.json');
    writeFileSync(file, JSON.stringify(manifest));
    assertOneLine(paiban(['verify', file]), /manifest\.json: this manifest does not record its source, edition and inputs/);
  });
});

describe('fonts', () => {
  test('a damaged .ttf in the front matter', () => {
    const dir = path.join(work, 'font-doc');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'broken.ttf'), Buffer.concat([Buffer.from('000100000001000000000000', 'hex'), Buffer.alloc(64)]));
    writeFileSync(path.join(dir, 'index.md'), '---\ntitle: 字体\nauthor: 某区\ndate: 2023-02-01\nfonts:\n  serif: broken.ttf\n---\n\n正文。\n');
    assertOneLine(paiban(['build', dir, '--out', path.join(work, 'font-out'), '--format', 'html']), /index\.md:\d+: font for .*"broken\.ttf" is not a usable TrueType font/);
  });
});
