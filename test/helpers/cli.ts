import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The sample document, as a fixture: tests never build whatever happens to be in source/. */
export const sampleDir = path.join(repoRoot, 'test', 'fixtures', 'haishu-2023');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `npm test` shares one Chromium among its runs (scripts/with-shared-builds.mjs,
 * PAIBAN_CHROMIUM_ENDPOINT). A test file that watches the Chromium a run
 * launches for itself (its processes, its profile, what it leaves in TMPDIR)
 * calls this before anything else: its runs, and renderers made in its
 * process, then launch their own, as outside the tests.
 */
export function launchOwnChromium(): void {
  delete process.env['PAIBAN_CHROMIUM_ENDPOINT'];
}

/**
 * For one run's environment: that run launches its own Chromium, which then
 * runs in the run's environment (time zone, fontconfig variables), where a
 * shared one has the test runner's. For tests whose point is that environment.
 */
export const OWN_CHROMIUM = { PAIBAN_CHROMIUM_ENDPOINT: '' } as const;

/** Run the real CLI as a user would, in its own process. */
export function paiban(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'paiban.js'), ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    // A guard against a hung process, not a time limit: under load an all-editions build once took over 180 s.
    timeout: 900_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A user error as the CLI must report it: one line, `paiban: …`, exit 1, no stack trace. */
export function assertOneLineError(result: CliResult, pattern: RegExp): void {
  assert.equal(result.code, 1, `exit 1: ${result.stderr}${result.stdout}`);
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0]!, /^paiban: /);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
}
