import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { snapshot } from '../helpers/files.ts';
import { OWN_CHROMIUM, paiban, sampleDir, type CliResult } from '../helpers/cli.ts';


const FRONT = 'title: 报告\nauthor: 某区人民政府\ndate: 2023-02-01\n';

/** Each broken source: what the error line must say, and on which line. */
const BROKEN: { name: string; markdown: string; line: number; message: RegExp }[] = [
  { name: '---js front matter', markdown: `---js\n{ title: "x" }\n---\n\n正文。\n`, line: 1, message: /front matter must be YAML; a '---js' block is refused/ },
  { name: '---javascript front matter', markdown: `---javascript\nmodule.exports = {}\n---\n\n正文。\n`, line: 1, message: /'---javascript' block is refused/ },
  { name: 'invalid YAML', markdown: `---\n${FRONT}layout: [booklet\n---\n\n正文。\n`, line: 5, message: /invalid YAML front matter/ },
  { name: 'unknown layout', markdown: `---\n${FRONT}layout: nosuch\n---\n\n正文。\n`, line: 5, message: /unknown layout "nosuch" \(known: .*booklet/ },
  { name: 'missing image', markdown: `---\n${FRONT}---\n\n正文。\n\n![海曙区地图](images/map.png)\n`, line: 9, message: /image "images\/map\.png" not found/ },
  { name: 'unknown field', markdown: `---\n${FRONT}colour: red\n---\n\n正文。\n`, line: 5, message: /unknown front matter field "colour"/ },
  { name: 'ill-typed date', markdown: `---\ntitle: 报告\nauthor: 某区\ndate: 1 Feb 2023\n---\n\n正文。\n`, line: 4, message: /"date": date must be an ISO date/ },
  { name: 'missing title', markdown: `---\nauthor: 某区\ndate: 2023-02-01\n---\n\n正文。\n`, line: 2, message: /field "title" is required/ },
  { name: 'code-running YAML tag', markdown: `---\n${FRONT}subtitle: !!js/function "function () { return 1 }"\n---\n\n正文。\n`, line: 5, message: /invalid YAML front matter/ },
  { name: 'image escaping the folder', markdown: `---\n${FRONT}---\n\n![密码](../../../../etc/passwd.png)\n`, line: 7, message: /points outside the document folder/ },
  { name: 'a file: image', markdown: `---\n${FRONT}---\n\n![x](file:///etc/passwd)\n`, line: 7, message: /remote and file: URLs are not fetched/ },
];

describe('user errors: one line naming the file, exit 1, outputs untouched', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-errors-'));
  const docDir = path.join(work, 'docs', 'report');
  const out = path.join(work, 'out');
  /** Each broken source in a folder of its own (its name the case's index), all built by one `paiban build`. */
  const brokenDir = (i: number) => path.join(work, 'broken', `report-${i}`);
  let batch: CliResult;
  let before_: Record<string, string>;

  before(() => {
    // A previous good build of the same document: a failed rebuild must leave it as it was.
    mkdirSync(path.dirname(docDir), { recursive: true });
    cpSync(sampleDir, docDir, { recursive: true });
    const good = paiban(['build', docDir, '--out', out, '--format', 'html']);
    assert.equal(good.code, 0, good.stderr);
    // The same previous outputs under each broken source's name.
    for (const i of BROKEN.keys()) {
      cpSync(docDir, brokenDir(i), { recursive: true });
      writeFileSync(path.join(brokenDir(i), 'index.md'), BROKEN[i]!.markdown);
      cpSync(path.join(out, 'report'), path.join(out, `report-${i}`), { recursive: true });
    }
    before_ = snapshot(out, { mtimes: true });
    // One process for all of them (a process per source cost 3 s of CPU each):
    // a batch reports each document's error on its own line, one job at a
    // time in argument order.
    batch = paiban(['build', ...BROKEN.map((_, i) => brokenDir(i)), '--out', out, '--jobs', '1']);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test('the batch of broken sources: exit 1, one line per source, nothing reported as written, no new or changed file', () => {
    assert.equal(batch.code, 1, batch.stderr);
    assert.equal(batch.stdout, '');
    assert.equal(batch.stderr.trimEnd().split('\n').length, BROKEN.length, `one line per source, got:\n${batch.stderr}`);
    assert.deepEqual(snapshot(out, { mtimes: true }), before_, 'no new or changed file under the output folder');
  });

  for (const [i, broken] of BROKEN.entries()) {
    test(broken.name, () => {
      const line = batch.stderr.trimEnd().split('\n')[i] ?? '';
      const source = path.join(brokenDir(i), 'index.md');
      const file = path.relative(process.cwd(), source);
      assert.ok(line.startsWith(`paiban: ${file.startsWith('..') ? source : file}:${broken.line}: `), line);
      assert.match(line, broken.message);
      assert.doesNotMatch(line, /internal error/);
    });
  }

  test('a missing source folder', () => {
    // HTML only: a build that would print starts Chromium at once, before it finds the folder missing.
    const result = paiban(['build', path.join(work, 'docs', 'nope'), '--out', out, '--format', 'html']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^paiban: .*docs\/nope: no such document folder\n$/);
    assert.deepEqual(snapshot(out, { mtimes: true }), before_);
  });

  test('an unknown option', () => {
    // HTML only: no Chromium starts for source/'s documents before the option is refused.
    const result = paiban(['build', '--colour', 'red', '--format', 'html']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^paiban: Unknown option '--colour'.*\n$/);
  });

  test('no Chromium: one line saying how to install it', () => {
    writeFileSync(path.join(docDir, 'index.md'), `---\n${FRONT}---\n\n正文。\n`);
    const result = paiban(['build', docDir, '--out', out], { env: { PAIBAN_CHROMIUM: path.join(work, 'no-such-chromium'), ...OWN_CHROMIUM } });
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /PAIBAN_CHROMIUM=.* is not an executable file/);
    assert.deepEqual(snapshot(out, { mtimes: true }), before_);
  });
});
