import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { paiban, repoRoot } from '../helpers/cli.ts';

/**
 * The fast skip (src/incremental/skip-record.ts) through the CLI: a build
 * saves a record, the next run skips by it (the trace says which path ran),
 * a change makes the run after it check in full and rebuild or skip as a
 * build without records would, and the run after that takes the record
 * again. Every other change a build depends on is tried against the record
 * in test/unit/skip-record.test.ts, without a build each.
 */
describe('skip records', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-skip-record-'));
  after(() => rmSync(work, { recursive: true, force: true }));
  const doc = path.join(work, 'source', 'report');
  cpSync(path.join(repoRoot, 'test', 'fixtures', 'a11y'), doc, { recursive: true });
  const out = path.join(work, 'out');
  const env = { PAIBAN_CACHE_DIR: path.join(work, 'cache'), PAIBAN_TRACE: '1' };
  const build = (extra: string[] = []) => {
    // What the test just changed is older than the racy margin (50 ms,
    // src/incremental/stamp.ts) when the build stamps it, however fast the
    // machine: a build never records a file changed in its last instants.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    const result = paiban(['build', doc, '--out', out, '--format', 'html', ...extra], { cwd: work, env });
    assert.equal(result.code, 0, result.stderr);
    const fast = /report: skip record matched/.test(result.stderr);
    // --force does not look for a record at all.
    assert.ok(fast || /report: no matching skip record/.test(result.stderr) || extra.includes('--force'), result.stderr);
    const verdict = /report: up to date, skipped/.test(result.stdout) ? 'skipped' : /report: wrote /.test(result.stdout) ? 'built' : 'neither';
    return { path: fast ? 'record' : 'full', verdict, stderr: result.stderr };
  };
  const html = () => readFileSync(path.join(out, 'report', 'index.html'), 'utf8');
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

  test('a source touched but not changed is checked in full, skipped, and recorded again', () => {
    const now = new Date();
    utimesSync(source, now, now);
    assert.deepEqual(Object.values(build()).slice(0, 2), ['full', 'skipped']);
    assert.deepEqual(Object.values(build()).slice(0, 2), ['record', 'skipped']);
  });

  test('--force builds without looking at the record, and records again', () => {
    assert.deepEqual(Object.values(build(['--force'])).slice(0, 2), ['full', 'built']);
    assert.deepEqual(Object.values(build()).slice(0, 2), ['record', 'skipped']);
  });
});
