import { isUserError } from '../errors.ts';
import { generator } from '../paths.ts';
import { runBuild, BUILD_HELP } from './build.ts';
import { runPreflight, PREFLIGHT_HELP } from './preflight.ts';
import { runWatch, WATCH_HELP } from '../watch/command.ts';

const HELP = `paiban ${generator.version} — typesetting for Chinese publications

Usage:
  paiban build [DOC_DIR ...] [options]   Markdown sources → accessible HTML and PDF
  paiban watch [DOC_DIR] [--port PORT]   Rebuild on change, preview with live reload
  paiban preflight FILE.pdf ...          Check PDFs as a print shop would
  paiban help [COMMAND]                  Show help
  paiban --version

Run \`paiban help build\` for the build options.
`;

const COMMANDS: Record<string, { run: (args: string[]) => Promise<number>; help: string }> = {
  build: { run: runBuild, help: BUILD_HELP },
  preflight: { run: runPreflight, help: PREFLIGHT_HELP },
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
