import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FORMATS } from '../../src/pipeline/edition.ts';
import { FORMAT_LIST } from '../../src/cli/help.ts';
import { repoRoot } from '../helpers/cli.ts';

/**
 * bin/paiban.js runs the CLI from an esbuild bundle in dist/ that it
 * rebuilds whenever src/ changed (scripts/bundle.mjs). These tests work on a
 * copy of the package (its node_modules a link to this one's), so they can
 * edit its sources and break its dist/.
 */

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function run(root: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, 'bin', 'paiban.js'), ...args],
      { cwd: root, env: { ...process.env, PAIBAN_DEBUG: '', PAIBAN_NO_BUNDLE: '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    );
  });
}

async function copyPackage(into: string, nodeModules = path.join(repoRoot, 'node_modules')): Promise<string> {
  const root = await mkdtemp(path.join(into, 'pkg-'));
  for (const item of ['bin', 'src', 'templates', 'styles', 'package.json', 'tsconfig.json', 'scripts/bundle.mjs']) {
    await cp(path.join(repoRoot, item), path.join(root, item), { recursive: true });
  }
  await symlink(nodeModules, path.join(root, 'node_modules'));
  return root;
}

/** Replace text in a source file; its mtime moves on by a second, so no clock resolution can hide the edit. */
let clock = Date.now() / 1000;
async function edit(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  assert.ok(text.includes(from), `${file} holds "${from}"`);
  await writeFile(file, text.replace(from, to));
  clock += 1;
  await utimes(file, clock, clock);
}

const stamp = async (root: string) => JSON.parse(await readFile(path.join(root, 'dist', 'stamp.json'), 'utf8')) as { main: string; files: string[] };
const BAD_TIMEOUT = '--timeout must be a number of seconds';

describe('the bundle in dist/', () => {
  let tmp: string;
  let root: string;
  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'paiban-bundle-'));
    root = await copyPackage(tmp);
  });
  after(() => rm(tmp, { recursive: true, force: true }));

  it('is built on the first run, and the CLI runs from it', async () => {
    assert.ok(!existsSync(path.join(root, 'dist')));
    const version = await run(root, ['--version']);
    assert.equal(version.code, 0, version.stderr);
    assert.equal(version.stdout, `${JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')).version}\n`);
    assert.equal(version.stderr, '');
    const { main, files } = await stamp(root);
    assert.match(main, /^main-\w+\.mjs$/);
    assert.ok(files.some((f) => /^parse-worker-\w+\.mjs$/.test(f)), 'the parser thread has its own file');
    for (const file of files) assert.ok(existsSync(path.join(root, 'dist', file)), file);
    // A command's own module (a chunk loaded when it runs) works too, and the
    // parser thread started for it does not hold the process open.
    const build = await run(root, ['build', '--timeout', '0']);
    assert.equal(build.code, 1);
    assert.match(build.stderr, new RegExp(BAD_TIMEOUT));
  });

  it('is rebuilt when a source changes, before anything runs from it', async () => {
    const before = await stamp(root);
    await edit(path.join(root, 'src', 'cli', 'main.ts'), 'typesetting for Chinese publications', 'typesetting, rebuilt');
    await edit(path.join(root, 'src', 'cli', 'args.ts'), BAD_TIMEOUT, '--timeout wants seconds, more than 0');
    const help = await run(root, ['--help']);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /typesetting, rebuilt/);
    const build = await run(root, ['build', '--timeout', '0']);
    assert.match(build.stderr, /--timeout wants seconds, more than 0/);
    assert.notEqual((await stamp(root)).main, before.main);
  });

  it('is rebuilt once and used by every one of many processes started at once on changed sources', async () => {
    await edit(path.join(root, 'src', 'cli', 'args.ts'), '--timeout wants seconds', '--timeout takes seconds');
    const results = await Promise.all(Array.from({ length: 6 }, () => run(root, ['build', '--timeout', '0'])));
    for (const result of results) assert.match(result.stderr, /--timeout takes seconds, more than 0/);
    const left = await readdir(path.join(root, 'dist'));
    assert.deepEqual(left.filter((name) => name.startsWith('.')), [], 'no temporary file or lock left');
    for (const file of (await stamp(root)).files) assert.ok(left.includes(file), file);
  });

  it('is rebuilt when dist/ was removed', async () => {
    await rm(path.join(root, 'dist'), { recursive: true });
    const build = await run(root, ['build', '--timeout', '0']);
    assert.match(build.stderr, /--timeout takes seconds/);
    assert.ok(existsSync(path.join(root, 'dist', 'stamp.json')));
  });

  it('is not needed: when dist/ cannot be written, or with PAIBAN_NO_BUNDLE=1, src/ runs through tsx', async () => {
    await rm(path.join(root, 'dist'), { recursive: true });
    await writeFile(path.join(root, 'dist'), 'not a folder');
    const help = await run(root, ['--help']);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /typesetting, rebuilt/);
    assert.equal(help.stderr, '');
    await rm(path.join(root, 'dist'));
    const build = await run(root, ['build', '--timeout', '0'], { PAIBAN_NO_BUNDLE: '1' });
    assert.match(build.stderr, /--timeout takes seconds/);
    assert.ok(!existsSync(path.join(root, 'dist')), 'nothing bundled');
  });

  it('is not needed: without esbuild, src/ runs through tsx', async () => {
    // node_modules without esbuild (tsx, a link into the real one, still finds its own).
    const modules = path.join(tmp, 'node_modules');
    await mkdir(modules);
    for (const name of await readdir(path.join(repoRoot, 'node_modules'))) {
      if (name !== 'esbuild') await symlink(path.join(repoRoot, 'node_modules', name), path.join(modules, name));
    }
    const bare = await copyPackage(tmp, modules);
    const build = await run(bare, ['build', '--timeout', '0']);
    assert.equal(build.code, 1);
    assert.equal(build.stderr, `paiban: ${BAD_TIMEOUT} from more than 0 up to 3600, not "0"\n`);
    assert.ok(!existsSync(path.join(bare, 'dist', 'stamp.json')));
  });
});

describe('help without the commands', () => {
  it('names the formats pipeline/edition.ts knows', () => {
    assert.equal(FORMAT_LIST, FORMATS.join(','));
  });
});
