// Publishing outputs is all or nothing: a build killed (SIGKILL) before,
// between or after the renames that publish leaves the previous outputs or
// the new ones, each complete, never a new index.html beside an old
// manifest; the next build recovers and leaves no staging folder or lock.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { repoRoot } from '../helpers/cli.ts';
import { assertCompleteOutputs } from '../helpers/hostile.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-publish-'));
after(() => rmSync(work, { recursive: true, force: true }));
const PRELOAD = path.join(repoRoot, 'test', 'helpers', 'kill-at-rename.mjs');

const source = (title: string) => `---\ntitle: ${title}\nauthor: 某区人民政府\ndate: 2023-02-01\neditions:\n  - id: first\n  - id: second\n    name: 第二版\n---\n\n# 第一章\n\n正文。\n`;

function build(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'paiban.js'), 'build', 'source/doc', '--format', 'html', ...args], {
    cwd,
    env: { ...process.env, PAIBAN_DEBUG: '', TMPDIR: work, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return result;
}

/** The title a complete output folder was built with; undefined when there is no folder. */
function publishedTitle(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  assertCompleteOutputs(dir);
  return JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')).title as string;
}

/**
 * Publish the document again, killed at each rename (or exchange) under
 * output/, before it or, with `after`, just after it: the outputs are old or
 * new and complete, and the next build recovers. Returns the title published
 * at each kill.
 */
function killedAtEachStep(name: string, steps: readonly { at: number; after?: boolean }[], mode: NodeJS.ProcessEnv): (string | undefined)[] {
  const titles: (string | undefined)[] = [];
  const project = path.join(work, name);
  mkdirSync(path.join(project, 'source', 'doc'), { recursive: true });
  writeFileSync(path.join(project, 'source', 'doc', 'index.md'), source('旧版标题'));
  // The old state: both editions published.
  assert.equal(build(project, ['--all-editions'], mode).status, 0);
  const old = path.join(work, 'old-output');
  cpSync(path.join(project, 'output'), old, { recursive: true });
  writeFileSync(path.join(project, 'source', 'doc', 'index.md'), source('新版标题'));

  for (const { at, after } of steps) {
    rmSync(path.join(project, 'output'), { recursive: true, force: true });
    cpSync(old, path.join(project, 'output'), { recursive: true });
    const killed = build(project, ['--force'], {
      ...mode,
      ...(after ? { PAIBAN_TEST_KILL_AFTER: '1' } : {}),
      NODE_OPTIONS: `--import ${PRELOAD}`,
      PAIBAN_TEST_KILL_AT_RENAME: String(at),
      PAIBAN_TEST_KILL_UNDER: path.join(project, 'output'),
    });
    const doc = path.join(project, 'output', 'doc');
    if (killed.signal === 'SIGKILL') {
      const title = publishedTitle(doc);
      titles.push(title);
      const leftovers = readdirSync(path.join(project, 'output')).filter((name) => name !== 'doc');
      // Between the two renames the old folder waits aside, whole.
      const aside = leftovers.find((name) => /^\.doc\.old-\d+$/.test(name));
      if (title === undefined) {
        assert.ok(aside, `at ${at}: old folder kept aside (${leftovers})`);
        assert.equal(publishedTitle(path.join(project, 'output', aside)), '旧版标题', `at ${at}: the old folder aside is whole`);
        // verify and diff, given a manifest of the missing folder, say where the old one waits (and change nothing).
        for (const [command, manifest] of [['verify', 'output/doc/manifest.json'], ['diff', 'output/doc/second/manifest.json']] as const) {
          const told = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'paiban.js'), command, manifest, ...(command === 'diff' ? [manifest] : [])], {
            cwd: project,
            env: { ...process.env, PAIBAN_DEBUG: '', TMPDIR: work },
            encoding: 'utf8',
          });
          assert.equal(told.status, 1, told.stderr);
          assert.equal(told.stderr.trimEnd().split('\n').length, 1, told.stderr);
          assert.match(told.stderr, new RegExp(`^paiban: ${manifest}: does not exist: a build was killed while publishing output/doc, whose previous outputs wait whole in output/${aside!.replace(/\./g, '\\.')}; build the document again`));
        }
        assert.ok(existsSync(path.join(project, 'output', aside!)), 'still aside');
      } else assert.ok(title === '旧版标题' || title === '新版标题', `at ${at}: ${title}`);
      const second = title === undefined ? path.join(project, 'output', aside!, 'second') : path.join(doc, 'second');
      assert.equal(publishedTitle(second), '旧版标题', `at ${at}: the other edition is never lost`);
    } else {
      assert.equal(killed.status, 0, `at ${at}: ${killed.stderr}`);
      titles.push('finished');
    }
    // The next build recovers whatever was left.
    const next = build(project, ['--force'], mode);
    assert.equal(next.status, 0, next.stderr);
    assert.equal(publishedTitle(doc), '新版标题');
    assert.equal(publishedTitle(path.join(doc, 'second')), '旧版标题', 'the second edition carried across');
    assert.deepEqual(readdirSync(path.join(project, 'output')), ['doc'], `at ${at}: no staging folder, old folder or lock left`);
    assert.deepEqual(readdirSync(doc).filter((name) => name.startsWith('.')), []);
  }
  return titles;
}

test('two renames (no atomic exchange): killed before each, old or new outputs, complete, or the old folder whole aside; the next build recovers', () => {
  // Old folder aside, new one in: killed before the first, the old outputs; before the second, the old folder aside; the third is none.
  assert.deepEqual(killedAtEachStep('renames', [{ at: 1 }, { at: 2 }, { at: 3 }], { PAIBAN_NO_EXCHANGE: '1' }), ['旧版标题', undefined, 'finished']);
});

test('one atomic exchange: killed just before it the old outputs, just after it the new ones, never none; the next build recovers', { skip: process.platform !== 'linux' || !['x64', 'arm64'].includes(process.arch) ? 'renameat2 exchange is used on Linux x86-64 and arm64 only' : false }, () => {
  assert.deepEqual(killedAtEachStep('exchange', [{ at: 1 }, { at: 1, after: true }, { at: 2 }], {}), ['旧版标题', '新版标题', 'finished']);
});
