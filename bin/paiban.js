#!/usr/bin/env node
// The CLI is TypeScript. It runs from an esbuild bundle in dist/, which this
// file checks against src/ on every start (a stat per source file, ~2 ms) and
// rebuilds when stale (scripts/bundle.mjs): no build step by hand between a
// clone and a run. Without esbuild, or with PAIBAN_NO_BUNDLE=1, tsx runs src/.
// An installed package has no src/: it runs the dist/ it was packed with.
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { distDir, ensureBundle, publishedBundle } from '../scripts/bundle.mjs';

// A build is a few seconds of code that mostly runs a few times: at V8's
// default budget TurboFan compiled ~280 functions per booklet build, ~1.5
// CPU-s on background threads that compete with Chromium on a small machine.
// At four times the budget it compiles about half as many; what stays hot
// (the PDF parsers, deflate) is still optimised. Read as each function is
// first made, so set before any of paiban's code loads (worker threads
// share it); a budget given to node itself is kept.
if (!`${process.execArgv.join(' ')} ${process.env['NODE_OPTIONS'] ?? ''}`.includes('--interrupt-budget=')) {
  setFlagsFromString('--interrupt-budget=270336');
}

const debug = Boolean(process.env['PAIBAN_DEBUG']);
let entry;
try {
  entry = publishedBundle();
} catch (error) {
  console.error(`paiban: ${error.message}`);
  process.exit(1);
}
const published = entry !== undefined;
if (!entry && !process.env['PAIBAN_NO_BUNDLE']) {
  try {
    entry = await ensureBundle();
  } catch (error) {
    if (debug) console.error('paiban: could not bundle src/, running it through tsx:', error);
  }
}

let loaded = false;
if (entry) {
  if (debug) process.setSourceMapsEnabled(true);
  try {
    await import(pathToFileURL(entry).href);
    loaded = true;
  } catch (error) {
    // A bundle file deleted under us: nothing of it ran yet, so src/ can.
    // (An installed package has no src/ to fall back on.)
    if (published || error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes(`module '${distDir}`)) throw error;
    if (debug) console.error('paiban: the bundle is incomplete, running src/ through tsx:', error);
  }
}
if (!loaded) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
