#!/usr/bin/env node
// Runs a command (npm test: the test runner) with what the test files share:
// one folder for the builds they share (test/helpers/built.ts), and one
// Chromium that every build and renderer of the run joins with a browser
// context of its own (scripts/test-chromium.ts) instead of launching its own,
// which cost ~2 CPU-s each, hundreds of times. Both go when the command ends,
// however it ends. PAIBAN_TEST_OWN_CHROMIUM=1: every build launches its own,
// as outside the tests.
//
//   node scripts/with-shared-builds.mjs COMMAND [ARGS...]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/with-shared-builds.mjs COMMAND [ARGS...]');
  process.exit(2);
}

const folder = mkdtempSync(path.join(os.tmpdir(), 'paiban-test-builds-'));
const chromium = process.env.PAIBAN_TEST_OWN_CHROMIUM === '1' ? undefined : await startSharedChromium();
const cleanUp = () => {
  rmSync(folder, { recursive: true, force: true });
  // Its stdin closing ends it (and its Chromium), even if this process is killed.
  chromium?.server.stdin.end();
};
const sharing = chromium ? { PAIBAN_CHROMIUM_ENDPOINT: chromium.endpoint } : {};
const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, PAIBAN_TEST_BUILDS: folder, ...sharing } });
// Ctrl-C reaches the child too (same process group); wait for it to finish, then clean up.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  console.error(`with-shared-builds: ${command}: ${error.message}`);
  cleanUp();
  process.exit(1);
});
child.on('exit', (code, signal) => {
  cleanUp();
  process.exit(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1));
});

/** The test run's Chromium, or undefined (said on stderr) if it does not start: then each build launches its own. */
async function startSharedChromium() {
  const script = fileURLToPath(new URL('test-chromium.ts', import.meta.url));
  const server = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const endpoint = await new Promise((resolve) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    server.on('exit', () => resolve(undefined));
    server.on('error', () => resolve(undefined));
  });
  if (!endpoint) {
    console.error('with-shared-builds: no shared Chromium; every build launches its own');
    return undefined;
  }
  server.stdout.resume();
  return { server, endpoint };
}
