import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkPdf, type Finding } from '../check/pdf.ts';
import { UserError } from '../errors.ts';
import { parseCommandArgs } from './args.ts';
import type { RendererPool } from '../render/pool.ts';

export async function runCheck(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('check', args, { json: { type: 'boolean' } });
  const files = parsed.positionals;
  if (!files.length) throw new UserError('name at least one PDF or HTML file (see paiban check --help)');
  const results = new Map<string, Finding[]>();
  const html = files.filter((f) => /\.html?$/i.test(f));
  for (const file of files) {
    if (!/\.(pdf|html?)$/i.test(file)) throw new UserError('not a .pdf or .html file', { file });
    await readFile(file).catch(() => {
      throw new UserError('no such file', { file });
    });
  }

  let pool: RendererPool | undefined;
  try {
    for (const file of files.filter((f) => /\.pdf$/i.test(f))) {
      try {
        results.set(file, await checkPdf(await readFile(file)));
      } catch (error) {
        if (error instanceof UserError) throw error;
        throw new UserError(`not a readable PDF (${(error as Error).message.split('\n')[0]})`, { file });
      }
    }
    if (html.length) {
      // Chromium's driver only for HTML: checking PDFs never loads it.
      const [{ checkHtmlInBrowser, checkHtmlValidity }, { RendererPool }] = await Promise.all([import('../check/html.ts'), import('../render/pool.ts')]);
      const renderers = (pool = new RendererPool());
      const validity = await checkHtmlValidity(html);
      for (const file of html) {
        results.set(file, [...(validity.get(path.resolve(file)) ?? []), ...(await checkHtmlInBrowser(file, await renderers.get()))]);
      }
    }
  } finally {
    await pool?.close();
  }

  let failures = 0;
  for (const findings of results.values()) failures += findings.length;
  if (parsed.values.json) {
    process.stdout.write(`${JSON.stringify(Object.fromEntries(results), null, 2)}\n`);
  } else {
    for (const file of files) {
      const findings = results.get(file) ?? [];
      if (!findings.length) process.stdout.write(`${file}: ok\n`);
      for (const f of findings) process.stdout.write(`${file}:${f.page === undefined ? '' : ` page ${f.page}:`} [${f.rule}] ${f.message}\n`);
    }
  }
  return failures ? 1 : 0;
}
