import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.ts';
import { parseCommandArgs } from './args.ts';
import { preflight } from '../preflight/check.ts';
import { formatPreflight } from '../preflight/format.ts';

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
