import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { paiban, repoRoot } from '../helpers/cli.ts';

/**
 * The fast skip (src/incremental/skip-record.ts) must never skip what the
 * full check would rebuild. Each change below is one a build depends on; the
 * run after it must not take the record (the trace says which path ran),
 * and must rebuild or skip exactly as a build without records would. The
 * run after that takes the record again.
 */
describe('skip records', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-skip-record-'));
  after(() => rmSync(work, { recursive: true, force: true }));
  // A project folder with no marker yet: without .git, package.json or a
  // configuration, only the document folder's own _defaults.yaml applies.
  const project = path.join(work, 'project');
  const doc = path.join(project, 'source', 'report');
  cpSync(path.join(repoRoot, 'test', 'fixtures', 'a11y'), doc, { recursive: true });
  writeFileSync(path.join(project, '_defaults.yaml'), 'numbering: none\n');
  const out = path.join(work, 'out');
  const env = { PAIBAN_CACHE_DIR: path.join(work, 'cache'), PAIBAN_TRACE: '1' };
  const build = (extra: string[] = [], moreEnv: NodeJS.ProcessEnv = {}) => {
    // What the test just changed is older than the racy margin (50 ms,
    // src/incremental/stamp.ts) when the build stamps it, however fast the
    // machine: a build never records a file changed in its last instants.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    const result = paiban(['build', doc, '--out', out, '--format', 'html', ...extra], { cwd: work, env: { ...env, ...moreEnv } });
    assert.equal(result.code, 0, result.stderr);
    const fast = /report: skip record matched/.test(result.stderr);
    assert.ok(fast || /report: no matching skip record/.test(result.stderr), result.stderr);
    const verdict = /report: up to date, skipped/.test(result.stdout) ? 'skipped' : /report: wrote /.test(result.stdout) ? 'built' : 'neither';
    return { path: fast ? 'record' : 'full', verdict, stderr: result.stderr };
  };
  const html = () => readFileSync(path.join(out, 'report', 'index.html'), 'utf8');
  const webCss = () => readFileSync(path.join(out, 'report', 'assets', 'web.css'), 'utf8');
  const source = path.join(doc, 'index.md');
  /** Same length in bytes: a stamp must catch it, not the size. */
  const replaceInSource = (from: string, to: string) => {
    assert.equal(Buffer.byteLength(from), Buffer.byteLength(to));
    const text = readFileSync(source, 'utf8');
    assert.ok(text.includes(from), from);
    writeFileSync(source, text.replace(from, to));
  };

  test('a first build saves a record; the next run skips by it', () => {
    const first = build();
    assert.deepEqual([first.path, first.verdict], ['full', 'built']);
    assert.match(first.stderr, /report: skip record saved/);
    const second = build();
    assert.deepEqual([second.path, second.verdict], ['record', 'skipped']);
  });

  test('an edit of the source that keeps its size is built', () => {
    replaceInSource('平稳开局', '平稳起步');
    assert.deepEqual(Object.values(build()).slice(0, 2), ['full', 'built']);
    assert.match(html(), /平稳起步/);
    assert.deepEqual(Object.values(build()).slice(0, 2), ['record', 'skipped']);
  });

  test('an image replaced by another of the same size is built', () => {
    const image = path.join(doc, 'images', 'chart.png');
    const bytes = readFileSync(image);
    // A byte of the last chunk's CRC: same size, other content.
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    writeFileSync(image, bytes);
    const changed = build();
    assert.equal(changed.path, 'full');
    // The full check compares the image's hash: the build runs (or refuses a broken PNG, never skips).
    assert.equal(changed.verdict, 'built');
    assert.deepEqual(Object.values(build()).slice(0, 2), ['record', 'skipped']);
  });

  test('a source touched but not changed is checked in full, skipped, and recorded again', () => {
    const now = new Date();
    utimesSync(source, now, now);
    assert.deepEqual(Object.values(build()).slice(0, 2), ['full', 'skipped']);
    assert.deepEqual(Object.values(build()).slice(0, 2), ['record', 'skipped']);
  });

  test("a _defaults.yaml appearing in the document's folder is built", () => {
    writeFileSync(path.join(doc, '_defaults.yaml'), 'autospace: false\n');
    assert.deepEqual(Object.values(build()).slice(0, 2), ['full', 'built']);
    assert.deepEqual(Object.values(build()).slice(0, 2), ['record', 'skipped']);
  });

  test("a .git folder making the project's _defaults.yaml apply is built", () => {
    mkdirSync(path.join(project, '.git'));
    const changed = build();
    assert.deepEqual([changed.path, changed.verdict], ['full', 'built']);
    const manifest = JSON.parse(readFileSync(path.join(out, 'report', 'manifest.json'), 'utf8')) as { inputs: { role: string; path: string }[] };
    assert.ok(manifest.inputs.some((input) => input.role === 'config' && input.path.endsWith('_defaults.yaml') && !input.path.includes('report/')), JSON.stringify(manifest.inputs));
    assert.deepEqual(Object.values(build()).slice(0, 2), ['record', 'skipped']);
  });

  test("a configuration appearing, its styles folder appearing, and a rule changed in it are each built", () => {
    writeFileSync(path.join(project, 'paiban.config.yaml'), 'strict: false\n');
    assert.deepEqual(Object.values(build()).slice(0, 2), ['full', 'built']);
    assert.deepEqual(Object.values(build()).slice(0, 2), ['record', 'skipped']);
    mkdirSync(path.join(project, 'styles'));
    writeFileSync(path.join(project, 'styles', 'web.css'), '.skip-record-probe { color: #111111; }\n');
    assert.deepEqual(Object.values(build()).slice(0, 2), ['full', 'built']);
    assert.match(webCss(), /#111111/);
    assert.deepEqual(Object.values(build()).slice(0, 2), ['record', 'skipped']);
    writeFileSync(path.join(project, 'styles', 'web.css'), '.skip-record-probe { color: #222222; }\n');
    assert.deepEqual(Object.values(build()).slice(0, 2), ['full', 'built']);
    assert.match(webCss(), /#222222/);
    assert.deepEqual(Object.values(build()).slice(0, 2), ['record', 'skipped']);
  });

  test('other options and other limits have records of their own', () => {
    assert.deepEqual(Object.values(build(['--strict'])).slice(0, 2), ['full', 'skipped']);
    assert.deepEqual(Object.values(build(['--strict'])).slice(0, 2), ['record', 'skipped']);
    assert.deepEqual(Object.values(build([], { PAIBAN_MAX_SOURCE_SIZE: '2000000' })).slice(0, 2), ['full', 'skipped']);
    assert.deepEqual(Object.values(build()).slice(0, 2), ['record', 'skipped']);
  });

  test('an output deleted or a manifest edited is built', () => {
    rmSync(path.join(out, 'report', 'index.html'));
    assert.deepEqual(Object.values(build()).slice(0, 2), ['full', 'built']);
    assert.deepEqual(Object.values(build()).slice(0, 2), ['record', 'skipped']);
    appendFileSync(path.join(out, 'report', 'manifest.json'), ' ');
    assert.equal(build().path, 'full');
    assert.deepEqual(Object.values(build()).slice(0, 2), ['record', 'skipped']);
  });

  test('--force builds without looking at the record, and records again', () => {
    assert.deepEqual(Object.values(build(['--force'])).slice(0, 2), ['full', 'built']);
    assert.deepEqual(Object.values(build()).slice(0, 2), ['record', 'skipped']);
  });
});
