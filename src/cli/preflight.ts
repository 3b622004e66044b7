import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.ts';
import { parseCommandArgs } from './args.ts';
import { preflight } from '../preflight/check.ts';
import { formatPreflight } from '../preflight/format.ts';

export const PREFLIGHT_HELP = `Usage: paiban preflight FILE.pdf ... [--impose saddle] [--min-dpi N] [--json]

Check PDFs as a print shop would: page size and boxes (TrimBox, BleedBox),
fonts (embedded, no Type 3, ToUnicode), images below --min-dpi (default 300)
at their printed size, and the page count against the imposition.
Exit 1 when any error is found.

Options:
  --impose saddle  warn when the page count is not a multiple of 4
  --min-dpi N      the resolution printed images need (default: 300)
  --json           print the reports as JSON
`;

export async function runPreflight(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('preflight', args, { impose: { type: 'string' }, 'min-dpi': { type: 'string' }, json: { type: 'boolean' } });
  const { values, positionals } = parsed;
  if (!positionals.length) throw new UserError('name at least one PDF (see paiban preflight --help)');
  if (values.impose !== undefined && values.impose !== 'saddle') throw new UserError(`unknown imposition "${values.impose}" (known: saddle)`);
  const minDpi = Number(values['min-dpi'] ?? 300);
  if (!(minDpi > 0)) throw new UserError(`--min-dpi must be a positive number, not "${values['min-dpi']}"`);

  let errors = 0;
  const reports: Record<string, unknown> = {};
  for (const file of positionals) {
    const bytes = await readFile(file).catch(() => {
      throw new UserError('no such file', { file });
    });
    let report;
    try {
      report = await preflight(bytes, { minDpi, impose: values.impose as 'saddle' | undefined });
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw new UserError(`not a readable PDF (${(error as Error).message.split('\n')[0]})`, { file });
    }
    errors += report.findings.filter((f) => f.severity === 'error').length;
    if (values.json) reports[file] = report;
    else process.stdout.write(`${formatPreflight(file, report).join('\n')}\n`);
  }
  if (values.json) process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
  return errors ? 1 : 0;
}
