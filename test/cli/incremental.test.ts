import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { snapshot } from '../helpers/files.ts';
import { paiban, sampleDir } from '../helpers/cli.ts';

/** An unchanged document is skipped without touching its outputs; a changed one is built. */
describe('incremental build', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-incremental-'));
  after(() => rmSync(work, { recursive: true, force: true }));
  const doc = path.join(work, 'haishu-2023');
  cpSync(sampleDir, doc, { recursive: true });
  const out = path.join(work, 'out');
  const env = { PAIBAN_CACHE_DIR: path.join(work, 'cache') };
  const build = (more: Record<string, string> = {}) => paiban(['build', doc, '--out', out, '--format', 'html,pdf'], { cwd: work, env: { ...env, ...more } });

  test('the second build skips; every output keeps its bytes, its mtime and its folder', () => {
    const first = build();
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /haishu-2023: wrote /);
    const folder = path.join(out, 'haishu-2023');
    const before = snapshot(folder, { mtimes: true });
    const inode = statSync(folder).ino;

    const second = build();
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /haishu-2023: up to date, skipped/);
    assert.deepEqual(snapshot(folder, { mtimes: true }), before);
    assert.equal(statSync(folder).ino, inode, 'the folder was not published anew');
  });

  test('the fonts hashed are remembered with their true SHA-256', () => {
    const facts = JSON.parse(readFileSync(path.join(work, 'cache', 'file-facts.json'), 'utf8')) as Record<string, { value: string }>;
    const fonts = Object.keys(facts).filter((key) => key.startsWith('sha256 '));
    assert.ok(fonts.some((key) => key.endsWith('.ttf')), Object.keys(facts).join(', '));
    for (const key of fonts) {
      const file = key.slice('sha256 '.length);
      assert.equal(facts[key]!.value, createHash('sha256').update(readFileSync(file)).digest('hex'), file);
    }
  });

  test('a changed source is built again', () => {
    const source = path.join(doc, 'index.md');
    writeFileSync(source, readFileSync(source, 'utf8').replace('民生福祉持续增进', '民生福祉不断增进'));
    const third = build({ PAIBAN_TRACE: '1' });
    assert.equal(third.code, 0, third.stderr);
    assert.match(third.stdout, /haishu-2023: wrote /);
    // Parsed once: the build takes the source its up-to-date check read and parsed.
    assert.equal(third.stderr.match(/trace \d+ ms parser: text sent to the parser thread$/gm)?.length, 1, third.stderr);
    assert.match(readFileSync(path.join(out, 'haishu-2023', 'index.html'), 'utf8'), /民生福祉不断增进/);
  });
});
