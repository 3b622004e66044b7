// The CLI runs from an esbuild bundle in dist/, rebuilt here whenever src/
// changed: `bin/paiban.js` calls ensureBundle() on every start, setup.sh
// after `npm ci`, and `node scripts/bundle.mjs` rebuilds by hand.
//
// Plain JavaScript on purpose: it runs before any TypeScript loader, and
// the check that dist/ is current (a stat per source file) must cost a few
// milliseconds, so esbuild is imported only when a build is needed.
//
// Safe when many paiban processes start at once on stale sources: every
// output is named by a hash of its content and written to a temporary file
// that is then renamed, and dist/stamp.json, which names the entry file, is
// written last, the same way. A process thus imports either the previous
// complete bundle or the new complete one, never a mixture or a half-written
// file. A lock file lets one process build while the others wait for it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** One level below the package root, as src/ is: src/paths.ts finds templates/ and styles/ as `..` of its file. */
export const distDir = path.join(root, 'dist');
const stampFile = path.join(distDir, 'stamp.json');
const lockFile = path.join(distDir, '.lock');

/** Files besides src/ that change the bundle (the lock file: bundled packages' versions). */
const EXTRA_INPUTS = ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts/bundle.mjs', 'node_modules/esbuild/package.json'];
/**
 * Packages left in node_modules: they load files that sit beside their own
 * code, or are tools. puppeteer-core is bundled: loaded from node_modules it
 * was ~150 modules (with ws and debug) for Node to resolve and compile on
 * every start of a build, ~0.1 s of CPU.
 */
export const EXTERNAL_PACKAGES = ['pdfjs-dist', '@napi-rs/canvas', 'axe-core', 'vnu-jar', 'opencc-js', 'harfbuzzjs', 'subset-font', 'esbuild', 'tsx'];
const SOURCE_FILE = /\.(?:[cm]?ts|[cm]?js|json)$/;
/**
 * pdf-lib's ES build, not its CommonJS one: the same code, but imported as
 * ES modules esbuild can prune, without copying its ~600 exports into a
 * fresh namespace object at every module that imports it (__toESM).
 */
export const ALIASES = { 'pdf-lib': './node_modules/pdf-lib/es/index.js' };

/**
 * zod re-exports all its ~50 locales (~360 KB the bundle compiled on every
 * start) as `z.locales`; paiban never picks one and uses zod's default,
 * English, which its schemas import themselves. Only `en` is kept.
 */
export const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](?:classic|core)[\\/]/.test(args.importer) ? { path: path.join(path.dirname(args.importer), '../locales/index.js'), namespace: 'zod-english-only' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({ contents: "export { default as en } from './en.js';\n", resolveDir: path.dirname(args.path) }));
  },
};
/**
 * src/layout/precompiled.ts, in the bundle: the built-in templates
 * precompiled by Handlebars, each under the key src/layout/render.ts's
 * templateKey gives its text (a SHA-256 of the compile options and the
 * text). Options that no longer match render.ts's make keys it never asks
 * for: the templates are then compiled as they are read, as from src/.
 */
const TEMPLATE_COMPILE_OPTIONS = { strict: true, knownHelpersOnly: true };
export const precompiledTemplates = {
  name: 'precompiled-templates',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]layout[\\/]precompiled\.ts$/ }, async () => {
      const { default: Handlebars } = await import('handlebars');
      const entries = [];
      for (const dir of ['layouts', 'partials']) {
        const folder = path.join(root, 'templates', dir);
        for (const file of fs.readdirSync(folder).filter((name) => name.endsWith('.hbs')).sort()) {
          const text = fs.readFileSync(path.join(folder, file), 'utf8');
          const key = createHash('sha256').update(`${JSON.stringify(TEMPLATE_COMPILE_OPTIONS)}\n${text}`).digest('hex');
          // A copy: Handlebars adds its defaults to the options it is given.
          entries.push(`[${JSON.stringify(key)}, ${Handlebars.precompile(text, { ...TEMPLATE_COMPILE_OPTIONS })}]`);
        }
      }
      return { contents: `export const PRECOMPILED = new Map([\n${entries.join(',\n')}\n]);\n`, loader: 'js' };
    });
  },
};

/** Outputs no stamp names any more are deleted this long after they were written (a long-running process may still import its chunks). */
const KEEP_OLD_MS = 24 * 3600 * 1000;
/** A lock older than this is a crashed builder's. */
const STALE_LOCK_MS = 60 * 1000;
/** How long a process waits for another to finish building before it builds itself. */
const WAIT_MS = 60 * 1000;

/**
 * What the bundle is built from: every source file's path, mtime and size,
 * one line each. An edit, a new file or a deleted one changes it; so does a
 * checkout. No hashing and no reading of the files: this runs on every start.
 */
export function sourceKey() {
  const lines = [];
  const add = (relative) => {
    try {
      const info = fs.statSync(path.join(root, relative));
      lines.push(`${relative} ${info.mtimeMs} ${info.size}`);
    } catch {
      lines.push(`${relative} missing`);
    }
  };
  const walk = (relative, wanted = SOURCE_FILE) => {
    for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child, wanted);
      else if (wanted.test(entry.name)) add(child);
    }
  };
  walk('src');
  // The built-in templates are precompiled into the bundle (precompiledTemplates).
  walk('templates', /\.hbs$/);
  for (const file of EXTRA_INPUTS) add(file);
  return lines.sort().join('\n');
}

/** The bundle's entry file when dist/ was built from the sources as they are now, else undefined. */
export function freshBundle(key = sourceKey()) {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  } catch {
    return undefined;
  }
  if (stamp?.key !== key || typeof stamp.main !== 'string' || !Array.isArray(stamp.files)) return undefined;
  for (const file of stamp.files) if (file.endsWith('.mjs') && !fs.existsSync(path.join(distDir, file))) return undefined;
  return path.join(distDir, stamp.main);
}

/**
 * A published copy of paiban (`npm pack`: bin/, dist/, templates/, styles/,
 * no src/) runs the bundle it was packed with: the entry file it names, or
 * an error saying the package is incomplete. Undefined in a source checkout.
 */
export function publishedBundle() {
  if (fs.existsSync(path.join(root, 'src'))) return undefined;
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  } catch {
    throw new Error(`this copy of paiban has neither src/ nor a bundle in ${distDir}; reinstall it`);
  }
  return path.join(distDir, stamp.main);
}

/** Delete from dist/ every file the current stamp does not name (before packing: the package holds one bundle). */
function prune() {
  const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  const keep = new Set([...stamp.files, path.basename(stampFile)]);
  for (const name of fs.readdirSync(distDir)) if (!keep.has(name)) fs.rmSync(path.join(distDir, name), { force: true, recursive: true });
}

/** The current bundle's entry file, built first when dist/ is missing or older than the sources. Throws when esbuild is missing or fails. */
export async function ensureBundle() {
  const fresh = freshBundle();
  if (fresh) return fresh;
  fs.mkdirSync(distDir, { recursive: true });
  const release = await lock();
  try {
    // Another process may have built it while this one waited.
    const key = sourceKey();
    return freshBundle(key) ?? (await buildBundle(key));
  } finally {
    release();
  }
}

/**
 * esbuild's options for bundling src/ the way dist/ does (scripts/build-tests.mjs
 * bundles the tests so too). Packages are bundled: Node loads one file where it
 * loaded hundreds (~0.15 s less start-up); those that read files beside their
 * own code (wasm, dictionaries, a jar, browser scripts) stay in node_modules.
 * Bundled CommonJS packages call require(): each ESM chunk gets one, named
 * `requireName` (created from the chunk's own URL).
 */
export function bundlingOptions(requireName) {
  return {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL_PACKAGES,
    alias: ALIASES,
    plugins: [zodEnglishOnly, precompiledTemplates],
    banner: { js: `import { createRequire as ${requireName} } from 'node:module'; const require = ${requireName}(import.meta.url);` },
    outExtension: { '.js': '.mjs' },
    sourcemap: 'linked',
    sourcesContent: false,
  };
}

/**
 * Bundle src/ into dist/: the CLI (src/cli/main.ts, each command a chunk of
 * its own, loaded when it runs) and the scripts of the worker threads (the
 * parser's, the importer's, the EPUB page reader's, the font subsetter's). Packages
 * stay in node_modules. Returns the entry file.
 */
export async function buildBundle(key = sourceKey()) {
  const esbuild = await import('esbuild');
  const common = {
    ...bundlingOptions('__paibanCreateRequire'),
    outdir: distDir,
    write: false,
    logLevel: 'silent',
  };
  try {
    // The worker threads first (the Markdown parser's, the importer's, the EPUB's page reader, the font subsetter's): the CLI is told their file names, which change with their content.
    const worker = await esbuild.build({ ...common, entryPoints: { 'parse-worker': 'src/markdown/parse-worker.ts' }, entryNames: '[name]-[hash]' });
    const workerFile = worker.outputFiles.map((f) => path.basename(f.path)).find((name) => name.endsWith('.mjs'));
    const importer = await esbuild.build({ ...common, entryPoints: { 'import-worker': 'src/import/import-worker.ts' }, entryNames: '[name]-[hash]' });
    const importerFile = importer.outputFiles.map((f) => path.basename(f.path)).find((name) => name.endsWith('.mjs'));
    const pageReader = await esbuild.build({ ...common, entryPoints: { 'pages-worker': 'src/epub/printed-pages-worker.ts' }, entryNames: '[name]-[hash]' });
    const pageReaderFile = pageReader.outputFiles.map((f) => path.basename(f.path)).find((name) => name.endsWith('.mjs'));
    const subsetter = await esbuild.build({ ...common, entryPoints: { 'subset-worker': 'src/fonts/subset-worker.ts' }, entryNames: '[name]-[hash]' });
    const subsetterFile = subsetter.outputFiles.map((f) => path.basename(f.path)).find((name) => name.endsWith('.mjs'));
    const cli = await esbuild.build({
      ...common,
      entryPoints: { main: 'src/cli/main.ts' },
      entryNames: '[name]-[hash]',
      chunkNames: 'chunk-[hash]',
      splitting: true,
      define: {
        PAIBAN_PARSE_WORKER: JSON.stringify(workerFile),
        PAIBAN_IMPORT_WORKER: JSON.stringify(importerFile),
        PAIBAN_PAGES_WORKER: JSON.stringify(pageReaderFile),
        PAIBAN_SUBSET_WORKER: JSON.stringify(subsetterFile),
      },
    });
    const mainFile = cli.outputFiles.map((f) => path.basename(f.path)).find((name) => /^main-.*\.mjs$/.test(name));
    fs.mkdirSync(distDir, { recursive: true });
    const outputs = [...worker.outputFiles, ...importer.outputFiles, ...pageReader.outputFiles, ...subsetter.outputFiles, ...cli.outputFiles];
    // Source maps and chunks before the files that import them, the entry last.
    const order = (file) => (file.path.endsWith('.map') ? 0 : path.basename(file.path) === mainFile ? 2 : 1);
    for (const file of outputs.sort((a, b) => order(a) - order(b))) writeAtomically(file.path, file.contents);
    const files = outputs.map((file) => path.basename(file.path)).sort();
    writeAtomically(stampFile, `${JSON.stringify({ main: mainFile, worker: workerFile, importer: importerFile, pageReader: pageReaderFile, subsetter: subsetterFile, files, key }, null, 1)}\n`);
    removeOld(new Set(files));
    return path.join(distDir, mainFile);
  } finally {
    // esbuild's service process would otherwise live as long as paiban.
    await esbuild.stop?.();
  }
}

function writeAtomically(file, contents) {
  const temp = path.join(path.dirname(file), `.tmp-${process.pid}-${Math.random().toString(36).slice(2)}-${path.basename(file)}`);
  try {
    fs.writeFileSync(temp, contents);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/** Bundles no stamp names, a day after they were written, and temporary files of builders that died. */
function removeOld(current) {
  const now = Date.now();
  for (const name of fs.readdirSync(distDir)) {
    const temp = name.startsWith('.tmp-');
    if (!temp && (current.has(name) || !/^(?:main|parse-worker|import-worker|pages-worker|subset-worker|chunk)-[\w-]+\.mjs(?:\.map)?$/.test(name))) continue;
    try {
      const age = now - fs.statSync(path.join(distDir, name)).mtimeMs;
      if (age > (temp ? STALE_LOCK_MS : KEEP_OLD_MS)) fs.rmSync(path.join(distDir, name), { force: true });
    } catch {
      // Another builder removed it first.
    }
  }
}

/**
 * Take dist/.lock, waiting while another live process holds it (and then
 * usually finds its bundle ready). Returns the function that releases it.
 * The lock only saves work: without it every process would build the same
 * files, which the atomic writes make harmless.
 */
async function lock() {
  const until = Date.now() + WAIT_MS;
  for (;;) {
    try {
      const fd = fs.openSync(lockFile, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return () => fs.rmSync(lockFile, { force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    if (lockIsStale() || Date.now() > until) {
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    if (freshBundle()) return () => {};
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function lockIsStale() {
  try {
    const pid = Number(fs.readFileSync(lockFile, 'utf8'));
    if (Date.now() - fs.statSync(lockFile).mtimeMs > STALE_LOCK_MS) return true;
    if (!pid) return false; // Being written.
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return error.code === 'ESRCH';
  }
}

// `node scripts/bundle.mjs`: bring dist/ up to date, saying so when it built
// (`--force`: build even when current; `--prune`: then delete older bundles, as `npm pack` does first).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes('--force');
  if (force || !freshBundle()) {
    const started = performance.now();
    const entry = force ? await buildBundle() : await ensureBundle();
    process.stderr.write(`bundle: built ${path.relative(process.cwd(), entry)} in ${Math.round(performance.now() - started)} ms\n`);
  }
  if (process.argv.includes('--prune')) prune();
}
