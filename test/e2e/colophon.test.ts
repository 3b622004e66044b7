import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { paiban } from '../helpers/cli.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-colophon-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** A book of 1,500 characters of text (heading and paragraphs): 2 千字. */
function writeBook(name: string, front: string): string {
  const doc = path.join(work, name);
  mkdirSync(doc, { recursive: true });
  const paragraph = '各单位要高度重视节日期间安全生产工作，'.repeat(10); // 190 characters
  const body = `# 一、总体要求\n\n${Array.from({ length: 7 }, () => paragraph).join('\n\n')}\n\n${'落实'.repeat(83)}。\n`; // 6 + 1330 + 167 = 1503
  writeFileSync(path.join(doc, 'index.md'), `---\ntitle: 安全生产工作汇编\nauthor: 某区人民政府办公室\ndate: 2024-01-20\n${front}---\n\n${body}`);
  return doc;
}

const BOOKS = { a4: 'printing: 3\n', small: 'trim: 32开\n', custom: 'trim: 170x240\n' };
const out = path.join(work, 'out');
let built = false;

/** The books of this file, all printed by one build (one process, one Chromium) when a test first asks; then the colophon of one. */
function book(name: keyof typeof BOOKS): { pdf: string; colophon: Map<string, string>; pages: number; info: string } {
  if (!built) {
    const docs = Object.entries(BOOKS).map(([n, front]) => writeBook(n, front));
    const result = paiban(['build', ...docs, '--out', out, '--format', 'pdf']);
    assert.equal(result.code, 0, result.stderr);
    built = true;
  }
  const pdf = path.join(out, name, `${name}.pdf`);
  const text = execFileSync('pdftotext', ['-f', '2', '-l', '2', '-layout', pdf, '-'], { encoding: 'utf8' });
  const colophon = new Map(text.split('\n').map((l) => l.trim().split(/\s{2,}/)).filter((p) => p.length === 2) as [string, string][]);
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  return { pdf, colophon, pages: Number(/Pages:\s+(\d+)/.exec(info)![1]), info };
}

test('A4 colophon: 开本 880mm×1230mm 1/16, 印张 = pages / 16, 字数 in 千字, 版次 and 印次 from the front matter; the generator only in the metadata', () => {
  const { colophon, pages, info, pdf } = book('a4');
  assert.equal(colophon.get('开本'), '880mm×1230mm 1/16');
  assert.equal(Number(colophon.get('印张')), pages / 16);
  assert.equal(colophon.get('字数'), '2千字');
  assert.equal(colophon.get('版次'), '2024年1月第1版');
  assert.equal(colophon.get('印次'), '2024年1月第3次印刷');
  const page2 = execFileSync('pdftotext', ['-f', '2', '-l', '2', pdf, '-'], { encoding: 'utf8' });
  assert.doesNotMatch(page2, /paiban|排版/);
  assert.match(info, /Creator:\s+paiban /);
});

test('32开 is cut from 787mm×1092mm in 32; a custom trim states its size and no 印张', () => {
  const small = book('small');
  assert.equal(small.colophon.get('开本'), '787mm×1092mm 1/32');
  assert.equal(Number(small.colophon.get('印张')), small.pages / 32);
  const custom = book('custom');
  assert.equal(custom.colophon.get('开本'), '170mm×240mm');
  assert.equal(custom.colophon.has('印张'), false);
});
