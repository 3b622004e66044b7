import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { paiban } from '../helpers/cli.ts';
import { selectShard } from '../../src/batch/documents.ts';

test('--shard 1/3, 2/3 and 3/3 together build every document exactly once', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-shard-'));
  try {
    const names = ['zeta', 'alpha', 'mu', 'beta', 'omega', 'gamma', 'delta'];
    for (const name of names) {
      mkdirSync(path.join(work, 'source', name), { recursive: true });
      writeFileSync(path.join(work, 'source', name, 'index.md'), `---\ntitle: ${name}\nauthor: 测试\ndate: 2023-02-01\n---\n\n文档${name}的正文。\n`);
    }
    const built: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const out = path.join(work, `out-${i}`);
      const result = paiban(['build', '--format', 'html', '--shard', `${i}/3`, '--out', out], { cwd: work });
      assert.equal(result.code, 0, result.stderr);
      built.push(...readdirSync(out));
    }
    assert.deepEqual([...built].sort(), [...names].sort());
    assert.equal(new Set(built).size, names.length);
    // The same share whatever order the folders are given in.
    const dirs = names.map((n) => `source/${n}`);
    assert.deepEqual(selectShard(dirs, { index: 2, count: 3 }), selectShard([...dirs].reverse(), { index: 2, count: 3 }));
    assert.notEqual(paiban(['build', '--shard', '4/3'], { cwd: work }).code, 0);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
