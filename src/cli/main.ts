import { isUserError } from '../errors.ts';
import { generator } from '../paths.ts';
import { runBuild, BUILD_HELP } from './build.ts';
import { runImport, IMPORT_HELP } from './import.ts';
import { runLint, LINT_HELP } from './lint.ts';
import { runPreflight, PREFLIGHT_HELP } from './preflight.ts';
import { runCheck, CHECK_HELP } from './check.ts';
import { runDiff, DIFF_HELP } from './diff.ts';
import { runVerify, VERIFY_HELP } from './verify.ts';
import { runWatch, WATCH_HELP } from '../watch/command.ts';

const HELP = `paiban ${generator.version} — typesetting for Chinese publications

Usage:
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

const COMMANDS: Record<string, { run: (args: string[]) => Promise<number>; help: string }> = {
  build: { run: runBuild, help: BUILD_HELP },
  lint: { run: runLint, help: LINT_HELP },
  import: { run: runImport, help: IMPORT_HELP },
  preflight: { run: runPreflight, help: PREFLIGHT_HELP },
  check: { run: runCheck, help: CHECK_HELP },
  verify: { run: runVerify, help: VERIFY_HELP },
  diff: { run: runDiff, help: DIFF_HELP },
  watch: { run: runWatch, help: WATCH_HELP },
};

async function main(argv: string[]): Promise<number> {
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
  return entry.run(rest);
}

// `paiban lint | head`: a closed pipe ends the output quietly, not with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // One line, never a stack trace, unless PAIBAN_DEBUG asks for it.
    if (isUserError(error)) process.stderr.write(`paiban: ${error.format()}\n`);
    else process.stderr.write(`paiban: internal error: ${(error as Error)?.message ?? String(error)} (set PAIBAN_DEBUG=1 for details)\n`);
    if (process.env['PAIBAN_DEBUG']) console.error(error);
    process.exitCode = 1;
  },
);
