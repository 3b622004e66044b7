import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import { paiban } from '../helpers/cli.ts';

const FRONT = 'title: 报告\nauthor: 某单位\ndate: 2024-01-01\n';
const BODY = '这一年,我们"稳中求进"(见附件)。代码`a,b`不变,数字73.7%、1,000不变。\n';

function buildHtml(front: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'paiban-punct-'));
  const doc = path.join(root, 'doc');
  mkdirSync(doc);
  writeFileSync(path.join(doc, 'index.md'), `---\n${front}---\n\n${BODY}`);
  const result = paiban(['build', doc, '--out', path.join(root, 'out'), '--format', 'html']);
  assert.equal(result.code, 0, result.stderr);
  const html = readFileSync(path.join(root, 'out', 'doc', 'index.html'), 'utf8');
  // Without the line-breaking markup the layout adds (break opportunities, last two characters kept together).
  return html.replace(/<wbr>/g, '').replace(/<span class="keep">([^<]*)<\/span>/g, '$1');
}

it('the build sets Chinese punctuation full-width by default, code and numbers untouched', () => {
  const html = buildHtml(FRONT);
  assert.ok(html.includes('这一年，我们“稳中求进”（见附件）。代码<code>a,b</code>不变，数字73.7%、1,000不变。'), html);
});

it('punctuation: false in the front matter keeps the marks as typed', () => {
  const html = buildHtml(`${FRONT}punctuation: false\n`);
  assert.ok(html.includes('这一年,我们"稳中求进"(见附件)。'), html);
});
