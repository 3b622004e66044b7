// Preloaded into a paiban run by test/e2e/publish.test.ts (node --import):
// the process SIGKILLs itself instead of making its Nth rename into
// PAIBAN_TEST_KILL_UNDER (the atomic exchange counts as a rename: it is made
// by a /usr/bin/perl started ahead, when told so on its stdin;
// PAIBAN_TEST_KILL_AFTER=1 kills just after the Nth instead, once made), to
// prove a run killed at any instant of publishing leaves the previous
// outputs or the new ones, never a mix.
import { createRequire, syncBuiltinESMExports } from 'node:module';

const require = createRequire(import.meta.url);
const fs = require('node:fs');
const childProcess = require('node:child_process');
const originalSpawn = childProcess.spawn;
const after = process.env.PAIBAN_TEST_KILL_AFTER === '1';
const fsp = require('node:fs/promises');
const original = fsp.rename;
const originalSync = fs.renameSync;
const at = Number(process.env.PAIBAN_TEST_KILL_AT_RENAME);
const under = process.env.PAIBAN_TEST_KILL_UNDER ?? '\0';
let count = 0;
/** Make one rename (or exchange) into `to`, killed before or after it when it is the Nth. */
const renaming = (to, make) => {
  const hit = String(to).startsWith(under) && ++count === at;
  if (hit && !after) process.kill(process.pid, 'SIGKILL');
  const result = make();
  if (!hit) return result;
  if (result instanceof Promise) return result.then(() => process.kill(process.pid, 'SIGKILL'));
  process.kill(process.pid, 'SIGKILL');
  return result;
};
// Both forms: the publish's swap renames synchronously (src/output/write.ts).
fsp.rename = (from, to) => renaming(to, () => original(from, to));
fs.renameSync = (from, to) => renaming(to, () => originalSync(from, to));
// The exchange: Perl's stdin given the word (src/output/exchange.ts) is the rename; after it, once Perl has exited.
childProcess.spawn = (command, args, options) => {
  const child = originalSpawn(command, args, options);
  if (command !== '/usr/bin/perl') return child;
  const end = child.stdin.end.bind(child.stdin);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin.end = (data, ...rest) => (data === undefined ? end(data, ...rest) : renaming(args?.at(-1), () => (end(data, ...rest), exited)));
  return child;
};
syncBuiltinESMExports();
