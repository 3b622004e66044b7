import { isUserError } from '../errors.ts';
import { generator } from '../paths.ts';
import { startParser } from '../markdown/isolate.ts';
import { spawnChromium, type SpawnedChromium } from '../render/spawn.ts';
import { sharedChromiumEndpoint } from '../render/chromium.ts';
import { buildOutlook } from './early-browser.ts';
import { parseDocumentsAhead } from './parse-ahead.ts';
import { trace } from '../trace.ts';
import { setCodeIdentity } from '../incremental/code-identity.ts';
import { BUILD_HELP, CHECK_HELP, DIFF_HELP, IMPORT_HELP, INIT_HELP, LINT_HELP, PREFLIGHT_HELP, VERIFY_HELP, WATCH_HELP } from './help.ts';

const HELP = `paiban ${generator.version} — typesetting for Chinese publications

Usage:
  paiban init [DIR] [--layout NAME]      Start a project: configuration and an example document
  paiban build [DOC_DIR ...] [options]   Markdown sources → accessible HTML and PDF
  paiban lint [DOC ...] [--fix]          Check (and fix) Chinese punctuation in sources
  paiban import FILE [--doc NAME] [options]  Text or a web page → source/<NAME>/index.md
  paiban watch [DOC_DIR] [--port PORT]   Rebuild on change, preview with live reload
  paiban preflight FILE.pdf ...          Check PDFs as a print shop would
  paiban check FILE.pdf|FILE.html ...    Check accessibility (PDF/UA-1, WCAG 2.1 AA, valid HTML)
  paiban verify MANIFEST.json ...        Rebuild an edition and compare it byte for byte
  paiban diff A B                        Compare two editions (PDFs or manifests) page by page
  paiban help [COMMAND]                  Show help
  paiban --version

Run \`paiban help build\` for the build options.
`;

/** A command; `build` also takes a Chromium already starting (see early-browser.ts). */
type Run = (args: string[], early?: SpawnedChromium) => Promise<number>;

/**
 * Each command's module is imported only when that command runs: `--help`,
 * `lint` or `import` never load Chromium's driver, pdf.js or axe-core.
 */
const COMMANDS: Record<string, { load: () => Promise<Run>; help: string; parses?: boolean }> = {
  init: { load: async () => (await import('./init.ts')).runInit, help: INIT_HELP },
  build: { load: async () => (await import('./build.ts')).runBuild, help: BUILD_HELP, parses: true },
  lint: { load: async () => (await import('./lint.ts')).runLint, help: LINT_HELP, parses: true },
  import: { load: async () => (await import('./import.ts')).runImport, help: IMPORT_HELP },
  preflight: { load: async () => (await import('./preflight.ts')).runPreflight, help: PREFLIGHT_HELP },
  check: { load: async () => (await import('./check.ts')).runCheck, help: CHECK_HELP },
  verify: { load: async () => (await import('./verify.ts')).runVerify, help: VERIFY_HELP, parses: true },
  diff: { load: async () => (await import('./diff.ts')).runDiff, help: DIFF_HELP },
  watch: { load: async () => (await import('../watch/command.ts')).runWatch, help: WATCH_HELP, parses: true },
};

process.on('exit', () => trace('exit'));
// This module is the bundle's entry: its file name says which code runs (skip records depend on it).
setCodeIdentity(import.meta.url);

async function main(argv: string[]): Promise<number> {
  trace('main');
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    return command ? 0 : 1;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${generator.version}\n`);
    return 0;
  }
  if (command === 'help') {
    const topic = rest[0] ? COMMANDS[rest[0]] : undefined;
    process.stdout.write(topic ? topic.help : HELP);
    return 0;
  }
  const entry = COMMANDS[command];
  if (!entry) {
    process.stderr.write(`paiban: unknown command "${command}" (commands: ${Object.keys(COMMANDS).join(', ')}; see paiban --help)\n`);
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(entry.help);
    return 0;
  }
  // Commands that parse Markdown: the parser thread starts up while the
  // command loads; a build whose documents may all be skipped unchanged
  // (src/incremental/skip-record.ts) starts it only when needed.
  const outlook = command === 'build' ? await buildOutlook(rest) : { runs: true, prints: false, parseAhead: [] };
  if (entry.parses && outlook.runs) startParser();
  // The first documents' text goes to that thread now (~0.3 s before the build could send it).
  parseDocumentsAhead(outlook.parseAhead);
  // A build that will print: Chromium launches while the command loads.
  const early = outlook.prints ? launchEarly() : undefined;
  try {
    const run = await entry.load();
    trace(`${command}: loaded`);
    return await run(rest, early);
  } finally {
    // Unused (bad arguments, nothing to build) or already stopped by the build: idempotent.
    await early?.dispose();
  }
}

/** Chromium starting now, before puppeteer-core is loaded; a build's renderer pool takes it over. */
function launchEarly(): SpawnedChromium | undefined {
  try {
    // A shared Chromium is joined when needed: nothing to launch.
    if (sharedChromiumEndpoint() !== undefined) return undefined;
    return spawnChromium();
  } catch {
    // No Chromium found: the build says so where it needs one.
    return undefined;
  }
}

// `paiban lint | head`: a closed pipe ends the output quietly, not with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Everything is written and Chromium is gone: exit once stdout and stderr
    // are flushed, without waiting ~0.1 s for the idle parser thread and the
    // heaps to be torn down.
    process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  },
  (error: unknown) => {
    // One line, never a stack trace, unless PAIBAN_DEBUG asks for it.
    if (isUserError(error)) process.stderr.write(error.lines().map((line) => `paiban: ${line}\n`).join(''));
    else process.stderr.write(`paiban: internal error: ${(error as Error)?.message ?? String(error)} (set PAIBAN_DEBUG=1 for details)\n`);
    if (process.env['PAIBAN_DEBUG']) console.error(error);
    process.exitCode = 1;
  },
);
