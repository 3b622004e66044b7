import { stat } from 'node:fs/promises';
import path from 'node:path';
import { isUserError, UserError } from '../errors.ts';
import { parseCommandArgs } from './args.ts';
import { fixMarkdown, formatProblem, lintMarkdownSafely } from '../lint/lint.ts';
import { displayPath } from '../paths.ts';
import { decodeUtf8, SOURCE_FILE } from '../source/load.ts';
import { readSourceBytes, resolveSourceFile } from '../source/bounded.ts';
import { limitsFromEnv } from '../limits.ts';
import { hasUtf8Bom, saveSourceFile } from '../source/save.ts';
import { discoverDocuments } from '../batch/documents.ts';
import { readCascade } from '../project/load.ts';

export async function runLint(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('lint', args, { fix: { type: 'boolean' } });
  const targets = positionals.length ? positionals : await discoverDocuments('source');
  let failed = false;
  for (const target of targets) {
    try {
      if ((await lintTarget(target, values.fix ?? false)) > 0) failed = true;
    } catch (error) {
      // Like build: one bad document is reported and the others are still checked.
      if (!isUserError(error)) throw error;
      process.stderr.write(error.lines().map((line) => `paiban: ${line}\n`).join(''));
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

/** Lint (or fix) one document; returns the number of problems left. */
async function lintTarget(target: string, fix: boolean): Promise<number> {
  const file = await markdownFileOf(target);
  const shown = displayPath(file);
  // The same checks as build: a plain file inside its folder, within the size limit.
  const dir = path.dirname(file);
  const bytes = await readSourceBytes(dir, file, limitsFromEnv().maxSourceBytes);
  if (!bytes) throw new UserError(`no ${SOURCE_FILE} here`, { file: displayPath(dir) });
  const markdown = decodeUtf8(bytes, shown);
  // Validated as a build validates it: over the folder's defaults (paiban.config.yaml, _defaults.yaml).
  const { defaults } = await readCascade(dir);
  const { problems } = await lintMarkdownSafely(markdown, shown, defaults);
  if (!fix) {
    for (const problem of problems) process.stdout.write(`${formatProblem(shown, problem)}\n`);
    return problems.length;
  }
  const fixed = fixMarkdown(markdown, problems);
  if (fixed !== markdown) {
    // A link inside the folder is fixed in the file it names; the link stays a link.
    const real = await resolveSourceFile(dir, file);
    if (!real) throw new UserError('disappeared while being fixed', { file: shown });
    await saveSourceFile(real, fixed, { bom: hasUtf8Bom(bytes) });
    const count = problems.filter((p) => p.offset !== undefined).length;
    process.stdout.write(`${shown}: fixed ${count} problem${count === 1 ? '' : 's'}\n`);
  }
  // What --fix could not place (a mark split across two text nodes) is still reported.
  const remaining = (await lintMarkdownSafely(fixed, shown, defaults)).problems;
  for (const problem of remaining) process.stdout.write(`${formatProblem(shown, problem)}\n`);
  return remaining.length;
}

async function markdownFileOf(target: string): Promise<string> {
  const absolute = path.resolve(target);
  const info = await stat(absolute).catch(() => undefined);
  if (!info) throw new UserError('no such document folder or file', { file: displayPath(absolute) });
  return info.isDirectory() ? path.join(absolute, SOURCE_FILE) : absolute;
}

