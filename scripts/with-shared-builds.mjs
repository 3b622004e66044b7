#!/usr/bin/env node
// Runs a command (npm test: the test runner) with one folder for the builds
// the test files share (test/helpers/built.ts), and removes that folder when
// the command ends, however it ends.
//
// It also puts a `java` first on the command's PATH that runs the machine's
// Java with the quick-start options below: `paiban check` starts the Nu
// validator and epubcheck (one JVM each per call, a few seconds of work), and
// the default JIT spends more CPU compiling than they spend checking
// (epubcheck on the accessibility fixture's EPUB: 13.4 s of CPU with the
// default, 5.6 s with these). The verdicts are the same: only how the JVM
// compiles and collects changes. C1-compiled frames are larger, so the Nu
// validator's recursion gets a larger stack than its 512k minimum.
//
//   node scripts/with-shared-builds.mjs COMMAND [ARGS...]
import { spawn } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const JAVA_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xss8m'];

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/with-shared-builds.mjs COMMAND [ARGS...]');
  process.exit(2);
}

/** The first executable `name` on PATH, or undefined. */
function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return path.join(dir, name);
    } catch {
      // Not here.
    }
  }
  return undefined;
}

/** A folder holding a `java` that runs the real one with JAVA_OPTIONS; undefined without Java (then checks say so as they would). */
function quickJava(folder) {
  const java = onPath('java');
  if (!java) return undefined;
  const bin = path.join(folder, 'bin');
  mkdirSync(bin);
  const quote = (word) => `'${word.replaceAll("'", `'\\''`)}'`;
  writeFileSync(path.join(bin, 'java'), `#!/bin/sh\nexec ${[java, ...JAVA_OPTIONS].map(quote).join(' ')} "$@"\n`);
  chmodSync(path.join(bin, 'java'), 0o755);
  return bin;
}

const folder = mkdtempSync(path.join(os.tmpdir(), 'paiban-test-builds-'));
const cleanUp = () => rmSync(folder, { recursive: true, force: true });
const env = { ...process.env, PAIBAN_TEST_BUILDS: folder };
const javaBin = quickJava(folder);
if (javaBin) env.PATH = `${javaBin}${path.delimiter}${process.env.PATH}`;
const child = spawn(command, args, { stdio: 'inherit', env });
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
