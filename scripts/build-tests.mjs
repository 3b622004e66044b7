#!/usr/bin/env node
// Compiles the test files (test/*/*.test.ts) to plain JavaScript in
// test-build/ (gitignored), so that `npm test` runs them on plain Node: no
// TypeScript loader in any test process (tsx cost each ~1–1.5 CPU-s to
// start, transform and resolve through its hooks thread).
//
//   node scripts/build-tests.mjs     rebuild test-build/ (~7 CPU-s, all of it)
//
// One esbuild build, one entry per test file (test-build/<folder>/<name>.test.mjs)
// with the helpers, src/ modules and packages it imports; what several files
// import goes into shared chunks. Packages are bundled as dist/ bundles them
// (scripts/bundle.mjs: the same ones left in node_modules): Node then loads
// a few files where it loaded hundreds (~0.5 CPU-s less per test process).
// Each module's import.meta.url (and .dirname, .filename) is its own .ts
// file's, so that fixture and template lookups relative to it find what
// they find under tsx. Source maps (run with --enable-source-maps) make a
// failure's stack name the .ts lines. The worker threads' scripts are
// compiled too, and the bundles are told their file names, as dist/ is.
//
// Plain JavaScript on purpose: it runs before any TypeScript loader.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundlingOptions, precompiledTemplates, zodEnglishOnly } from './bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const testBuildDir = path.join(root, 'test-build');

/** The worker threads src/ starts, by the name its bundle defines for its script (scripts/bundle.mjs does the same for dist/). */
const WORKERS = {
  PAIBAN_PARSE_WORKER: { entry: 'src/markdown/parse-worker.ts', from: 'src/markdown' },
  PAIBAN_IMPORT_WORKER: { entry: 'src/import/import-worker.ts', from: 'src/import' },
  PAIBAN_PAGES_WORKER: { entry: 'src/epub/printed-pages-worker.ts', from: 'src/epub' },
  PAIBAN_SUBSET_WORKER: { entry: 'src/fonts/subset-worker.ts', from: 'src/fonts' },
};

/**
 * import.meta.url, .dirname and .filename as the file's own: in a bundle
 * they would all be the bundle's. Replaced in the text esbuild compiles
 * (same lines, so the source map still points at the right ones).
 */
export const ownImportMeta = {
  name: 'own-import-meta',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const text = fs.readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.')) return undefined;
      const contents = text
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path));
      return { contents, loader: /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js' };
    });
  },
};

/** The test files, relative to the root: test/<folder>/<name>.test.ts. */
function testFiles() {
  const files = [];
  for (const folder of fs.readdirSync(path.join(root, 'test'), { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    for (const name of fs.readdirSync(path.join(root, 'test', folder.name)).sort()) {
      if (name.endsWith('.test.ts')) files.push(`test/${folder.name}/${name}`);
    }
  }
  return files.sort();
}

/** Compile every test file into test-build/<folder>/<name>.test.mjs (a fresh folder each time). Returns their paths. */
export async function buildTests() {
  const esbuild = await import('esbuild');
  const common = {
    ...bundlingOptions('__testsCreateRequire'),
    // Each module keeps its own import.meta.url (fixture and template lookups).
    plugins: [ownImportMeta, zodEnglishOnly, precompiledTemplates],
    logLevel: 'warning',
  };
  try {
    fs.rmSync(testBuildDir, { recursive: true, force: true });
    const define = {};
    for (const [name, { entry, from }] of Object.entries(WORKERS)) {
      const outfile = path.join(testBuildDir, 'workers', `${path.basename(entry, '.ts')}.mjs`);
      await esbuild.build({ ...common, entryPoints: [entry], outfile });
      // src/ resolves the name against its own file's URL (kept by ownImportMeta).
      define[name] = JSON.stringify(path.relative(path.join(root, from), outfile).split(path.sep).join('/'));
    }
    const entries = testFiles();
    await esbuild.build({
      ...common,
      entryPoints: entries.map((file) => ({ in: file, out: file.slice('test/'.length, -'.ts'.length) })),
      outdir: testBuildDir,
      // What several test files import is compiled once, into shared chunks.
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      define,
    });
    return entries.map((file) => path.join(testBuildDir, `${file.slice('test/'.length, -'.ts'.length)}.mjs`));
  } finally {
    await esbuild.stop?.();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildTests();
