// Builds that several test files read but none of them is about: the sample
// or a fixture built with the same arguments is printed once per test run
// and copied to each test that asks (issue 18: most of the suite's time was
// Chromium printing the same fixtures again and again). Tests about the build
// itself (errors, processes, kill, incremental, reproducibility of a second
// build) keep calling the CLI.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, type CliResult } from './cli.ts';

/** Set by scripts/with-shared-builds.mjs for the whole run; without it (one file run alone), a folder of this process. */
const SHARED = 'PAIBAN_TEST_BUILDS';

let ownRoot: string | undefined;
function cacheRoot(): string {
  const shared = process.env[SHARED];
  if (shared) return shared;
  if (!ownRoot) {
    ownRoot = mkdtempSync(path.join(os.tmpdir(), 'paiban-test-builds-'));
    const root = ownRoot;
    process.on('exit', () => rmSync(root, { recursive: true, force: true }));
  }
  return ownRoot;
}

/** Every file under `dir` (relative path and bytes), in a stable order, into the hash. */
function hashTree(hash: ReturnType<typeof createHash>, dir: string): void {
  if (!existsSync(dir)) return;
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  for (const file of entries) {
    hash.update(`${path.relative(dir, file)}\0`);
    hash.update(readFileSync(file));
    hash.update('\0');
  }
}

let codeHash: string | undefined;
/** What paiban is made of: a changed source, template or style is another build. */
function paibanHash(): string {
  if (!codeHash) {
    const hash = createHash('sha256');
    for (const part of ['src', 'templates', 'styles', 'bin', 'scripts/bundle.mjs', 'package-lock.json']) {
      const full = path.join(repoRoot, part);
      if (part.includes('.')) hash.update(existsSync(full) ? readFileSync(full) : '');
      else hashTree(hash, full);
    }
    codeHash = hash.digest('hex');
  }
  return codeHash;
}

/** The lock folder is ours now, or it was left by a process that is gone (then it is taken over). */
function takeLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    writeFileSync(path.join(lock, 'pid'), String(process.pid));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const owner = Number(readFileSync(path.join(lock, 'pid'), { encoding: 'utf8', flag: 'a+' }));
  if (owner && !alive(owner)) rmSync(lock, { recursive: true, force: true });
  return false;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A synchronous pause (the helper is synchronous, as the CLI helper is). */
const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

interface Stored {
  /** Where it was built: the printed paths name the caller's copy instead. */
  out: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Builds into a folder of its own, renamed into place when done: a test file running beside this one sees the whole build or none of it. */
function build(entry: string, sources: string[], args: string[], env: Record<string, string> | undefined): void {
  const staging = `${path.join(path.dirname(entry), `.${path.basename(entry)}`)}.${process.pid}.${randomBytes(4).toString('hex')}`;
  mkdirSync(staging, { recursive: true });
  const out = path.join(staging, 'out');
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'paiban.js'), 'build', ...sources, '--out', out, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    // Several editions printing on a shared 2-core machine take a while.
    timeout: 900_000,
  });
  const stored: Stored = { out, code: result.status, stdout: result.stdout, stderr: result.stderr };
  writeFileSync(path.join(staging, 'result.json'), JSON.stringify(stored));
  renameSync(staging, entry);
}

/**
 * `paiban build SOURCES... --out X ARGS...` as the CLI does it, built once per
 * test run for the same sources (path and content), arguments and extra
 * environment; the output folder X is copied to `into` (the caller may change
 * the copy). Returns the CLI's exit code and what it printed.
 */
export function builtFixture(sources: string | string[], args: string[], options: { into: string; env?: Record<string, string> }): CliResult {
  const list = typeof sources === 'string' ? [sources] : sources;
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ sources: list.map((s) => path.resolve(s)), args, env: options.env ?? {}, paiban: paibanHash() }));
  for (const source of list) hashTree(hash, source);
  const key = hash.digest('hex').slice(0, 32);
  const root = cacheRoot();
  const entry = path.join(root, key);

  while (!existsSync(path.join(entry, 'result.json'))) {
    // One test file builds, one running beside it waits for that build.
    if (!takeLock(`${entry}.lock`)) {
      sleep(200);
      continue;
    }
    try {
      if (!existsSync(path.join(entry, 'result.json'))) build(entry, list, args, options.env);
    } finally {
      rmSync(`${entry}.lock`, { recursive: true, force: true });
    }
  }

  const stored = JSON.parse(readFileSync(path.join(entry, 'result.json'), 'utf8')) as Stored;
  if (existsSync(path.join(entry, 'out'))) cpSync(path.join(entry, 'out'), options.into, { recursive: true });
  const here = (text: string) => text.replaceAll(stored.out, options.into);
  return { code: stored.code, stdout: here(stored.stdout), stderr: here(stored.stderr) };
}
