import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { repoRoot } from '../helpers/cli.ts';
import { compileScript } from '../helpers/script.ts';

/** The child's script: the font hash of the file named by its argument, printed. */
const HASH_SCRIPT = "import { fontHash } from './src/incremental/file-cache.ts'; process.stdout.write(await fontHash(process.argv[1]!));";
let hashScript: string;
before(async () => {
  hashScript = await compileScript(HASH_SCRIPT);
});

/** Each hash in a new process, as each paiban run is: the cache on disk is what carries over. */
function hashInNewProcess(file: string, cacheDir: string): string {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', hashScript, file], {
    cwd: repoRoot,
    env: { ...process.env, PAIBAN_CACHE_DIR: cacheDir },
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('remembered font hashes', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-file-cache-'));
  after(() => rmSync(work, { recursive: true, force: true }));
  const font = path.join(work, 'font.ttf');
  const cache = path.join(work, 'cache');

  test('a file rewritten with the same size and mtime is hashed again (its ctime moved)', () => {
    writeFileSync(font, 'first content');
    assert.equal(hashInNewProcess(font, cache), sha256('first content'));
    assert.match(readFileSync(path.join(cache, 'file-facts.json'), 'utf8'), new RegExp(sha256('first content')));
    const { atime, mtime } = statSync(font);
    writeFileSync(font, 'other content');
    utimesSync(font, atime, mtime);
    assert.equal(hashInNewProcess(font, cache), sha256('other content'));
  });

  test('an entry whose stamp does not match is not believed', () => {
    writeFileSync(path.join(cache, 'file-facts.json'), JSON.stringify({ [`sha256 ${font}`]: { stamp: '1:2:13:0:0', value: sha256('forged') } }));
    assert.equal(hashInNewProcess(font, cache), sha256('other content'));
  });

  test('a corrupt cache, a cache that cannot be written or a linked cache file: right hashes all the same, nothing written through the link', () => {
    writeFileSync(path.join(cache, 'file-facts.json'), '{ not json');
    assert.equal(hashInNewProcess(font, cache), sha256('other content'));

    const notAFolder = path.join(work, 'plain-file');
    writeFileSync(notAFolder, 'x');
    assert.equal(hashInNewProcess(font, notAFolder), sha256('other content'));

    const linked = path.join(work, 'linked-cache');
    mkdirSync(linked);
    const victim = path.join(work, 'victim.txt');
    writeFileSync(victim, 'keep me');
    symlinkSync(victim, path.join(linked, 'file-facts.json'));
    writeFileSync(font, 'third content');
    assert.equal(hashInNewProcess(font, linked), sha256('third content'));
    assert.equal(readFileSync(victim, 'utf8'), 'keep me');
  });
});
