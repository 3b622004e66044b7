import path from 'node:path';
import { UserError } from '../errors.ts';
import { createFiles } from '../init/create.ts';
import { configText, GITIGNORE } from '../init/config.ts';
import { EXAMPLE_DOC, exampleText, INIT_LAYOUTS, type InitLayout } from '../init/examples.ts';
import { PROJECT_CONFIG } from '../fonts/config.ts';
import { displayPath } from '../paths.ts';
import { SOURCE_FILE } from '../source/load.ts';
import { parseCommandArgs } from './args.ts';

/** `paiban init [DIR] [--layout booklet|gongwen]`: a new project with a configuration, an example document and a .gitignore. */
export async function runInit(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('init', args, { layout: { type: 'string' } });
  if (positionals.length > 1) throw new UserError(`init takes one folder, not ${positionals.length} (see paiban init --help)`);
  const layout = (values.layout ?? 'booklet') as InitLayout;
  if (!INIT_LAYOUTS.includes(layout)) throw new UserError(`unknown layout "${values.layout}" for init (layouts: ${INIT_LAYOUTS.join(', ')})`);
  const root = path.resolve(positionals[0] ?? '.');
  const example = `source/${EXAMPLE_DOC}/${SOURCE_FILE}`;
  const files = [
    { path: PROJECT_CONFIG, text: configText() },
    { path: '.gitignore', text: GITIGNORE },
    { path: example, text: exampleText(layout) },
  ];
  await createFiles(root, files);

  const here = path.relative(process.cwd(), root) === '';
  const shown = displayPath(root);
  process.stdout.write(`Created ${files.map((file) => file.path).join(', ')}${here ? '' : ` in ${shown}`}.\nNext:\n`);
  // The folder as a shell word: quoted when it holds anything a shell reads.
  const cd = /^[\w./-]+$/.test(shown) ? shown : `'${shown.replaceAll("'", "'\\''")}'`;
  const commands = here ? ['npx paiban build', `npx paiban watch source/${EXAMPLE_DOC}`] : [`cd ${cd}`, 'npx paiban build'];
  process.stdout.write(commands.map((command) => `  ${command}\n`).join(''));
  return 0;
}
