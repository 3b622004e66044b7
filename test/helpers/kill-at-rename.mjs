// Preloaded into a paiban run by test/e2e/publish.test.ts (node --import):
// the process SIGKILLs itself instead of making its Nth rename into
// PAIBAN_TEST_KILL_UNDER, to prove a run killed at any instant of
// publishing leaves the previous outputs or the new ones, never a mix.
import { createRequire, syncBuiltinESMExports } from 'node:module';

const require = createRequire(import.meta.url);
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const original = fsp.rename;
const originalSync = fs.renameSync;
const at = Number(process.env.PAIBAN_TEST_KILL_AT_RENAME);
const under = process.env.PAIBAN_TEST_KILL_UNDER ?? '\0';
let count = 0;
const killHere = (to) => {
  if (String(to).startsWith(under) && ++count === at) process.kill(process.pid, 'SIGKILL');
};
// Both forms: the publish's swap renames synchronously (src/output/write.ts).
fsp.rename = async (from, to) => {
  killHere(to);
  return original(from, to);
};
fs.renameSync = (from, to) => {
  killHere(to);
  return originalSync(from, to);
};
syncBuiltinESMExports();
