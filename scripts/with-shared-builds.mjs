#!/usr/bin/env node
// Runs a command (npm test: the test runner) with one folder for the builds
// the test files share (test/helpers/built.ts), and removes that folder when
// the command ends, however it ends.
//
//   node scripts/with-shared-builds.mjs COMMAND [ARGS...]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/with-shared-builds.mjs COMMAND [ARGS...]');
  process.exit(2);
}

const folder = mkdtempSync(path.join(os.tmpdir(), 'paiban-test-builds-'));
const cleanUp = () => rmSync(folder, { recursive: true, force: true });
const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, PAIBAN_TEST_BUILDS: folder } });
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
