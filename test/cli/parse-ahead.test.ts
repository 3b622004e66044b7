import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { paiban, sampleDir } from '../helpers/cli.ts';

/** The milestones of a PAIBAN_TRACE run, in order. */
const milestones = (stderr: string) => [...stderr.matchAll(/^paiban: trace \d+ ms (.*)$/gm)].map((m) => m[1]!);

describe('a first build parses its source ahead', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-ahead-'));
  after(() => rmSync(work, { recursive: true, force: true }));
  const doc = path.join(work, 'haishu-2023');
  cpSync(sampleDir, doc, { recursive: true });
  const out = path.join(work, 'out');

  test('the text goes to the parser thread once, ahead, the build takes that parse, and the output holds it', () => {
    const run = paiban(['build', doc, '--out', out, '--format', 'html'], { cwd: work, env: { PAIBAN_TRACE: '1', PAIBAN_CACHE_DIR: path.join(work, 'cache') } });
    assert.equal(run.code, 0, run.stderr);
    const marks = milestones(run.stderr);
    assert.equal(marks.filter((m) => m === 'parser: text sent to the parser thread').length, 1, run.stderr);
    assert.ok(marks.includes('parser: the parse begun ahead is taken'), run.stderr);
    assert.match(readFileSync(path.join(out, 'haishu-2023', 'index.html'), 'utf8'), /民生福祉持续增进/);
  });
});
