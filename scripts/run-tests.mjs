#!/usr/bin/env node
// npm test: the type check and the test files at once. The test files are
// compiled first (scripts/build-tests.mjs) and run with what they share
// (scripts/with-shared-builds.mjs). tsc takes ~15 CPU-s on one core: run
// before the tests, as it was, it left the other core idle that long. It now
// runs beside them; its errors stop the run as soon as it finishes.
//
//   node scripts/run-tests.mjs [TEST FILES...]   (default: every compiled test)
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;

const typeCheck = spawn(node, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
let typeErrors = '';
typeCheck.stdout.on('data', (chunk) => (typeErrors += chunk));
typeCheck.stderr.on('data', (chunk) => (typeErrors += chunk));
const typed = new Promise((resolve) => {
  typeCheck.on('error', (error) => resolve({ ok: false, output: `tsc: ${error.message}\n` }));
  typeCheck.on('exit', (code) => resolve({ ok: code === 0, output: typeErrors }));
});

const compiled = spawnSync(node, [path.join(root, 'scripts', 'build-tests.mjs')], { cwd: root, stdio: 'inherit' });
if (compiled.status !== 0) {
  typeCheck.kill();
  process.exit(compiled.status ?? 1);
}

const files = process.argv.slice(2);
const tests = files.length ? files : compiledTests();
const suite = spawn(node, [path.join(root, 'scripts', 'with-shared-builds.mjs'), node, '--enable-source-maps', '--test', '--test-concurrency=2', ...tests], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    typeCheck.kill(signal);
    suite.kill(signal);
  });
}
const finished = new Promise((resolve) => suite.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1))));

const types = await typed;
if (!types.ok) {
  process.stderr.write(`${types.output}\nnpm test: the type check failed (tsc --noEmit); the tests are stopped.\n`);
  suite.kill('SIGTERM');
  await finished;
  process.exit(1);
}
process.exit(await finished);

/** test-build/<folder>/<name>.test.mjs, in the order the shell's glob gave them before. */
function compiledTests() {
  const base = path.join(root, 'test-build');
  return readdirSync(base, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((folder) => readdirSync(path.join(base, folder.name)).filter((name) => name.endsWith('.test.mjs')).map((name) => path.join('test-build', folder.name, name)))
    .sort();
}
