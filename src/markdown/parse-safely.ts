import type { Root } from 'mdast';
import { UserError } from '../errors.ts';
import { formatSize, limitsFromEnv, type Limits } from '../limits.ts';
import { refuseNonYamlFrontMatter } from '../source/fence.ts';
import { checkLinePrefixes } from './guard.ts';
import { parseIsolated } from './isolate.ts';

/**
 * The parse alone, front matter block included: the checks before parsing,
 * then the parser thread. (The build starts it before it reads the project's
 * files, whose defaults the front matter needs only afterwards.) A parse of
 * the same file's same text begun ahead (parseAhead) is taken instead of
 * parsing again.
 */
export async function parseSafely(markdown: string, shownFile: string, limits: Limits = limitsFromEnv()): Promise<Root> {
  const early = ahead.get(shownFile);
  if (early) {
    ahead.delete(shownFile);
    if (early.markdown === markdown && early.limits === JSON.stringify(limits)) return early.parsing;
  }
  refuseNonYamlFrontMatter(markdown, shownFile);
  checkFrontMatterSize(markdown, shownFile, limits.maxFrontMatterBytes);
  const prefix = checkLinePrefixes(markdown, limits.maxDepth);
  if (prefix) throw new UserError(prefix.message, { file: shownFile, line: prefix.line });
  return parseIsolated(markdown, shownFile, limits);
}

/** Parses begun before the build asked for them, by the file's shown name; each is taken once. */
const ahead = new Map<string, { markdown: string; limits: string; parsing: Promise<Root> }>();

/**
 * Start parsing a source before the build reads it (src/cli/parse-ahead.ts):
 * the parser thread works while the main thread loads the build's code. Its
 * result (or its error, the same one) is used only by a parseSafely of the
 * very same text and limits; a source changed meanwhile is parsed again.
 */
export function parseAhead(markdown: string, shownFile: string): void {
  const limits = limitsFromEnv();
  const parsing = parseSafely(markdown, shownFile, limits);
  // Never taken (the build failed first, or skipped the document): not an unhandled rejection.
  parsing.catch(() => undefined);
  ahead.set(shownFile, { markdown, limits: JSON.stringify(limits), parsing });
}

/** Front matter holds a few short fields: a huge block is refused before YAML sees it. */
export function checkFrontMatterSize(markdown: string, shownFile: string, maxBytes: number): void {
  if (!/^---[ \t]*\r?\n/.test(markdown)) return;
  const close = /\n---[ \t]*(?:\r?\n|$)/g;
  close.lastIndex = 3;
  const end = close.exec(markdown)?.index;
  if (end === undefined) return; // Not closed: readDocument says so.
  const bytes = Buffer.byteLength(markdown.slice(0, end));
  if (bytes > maxBytes) {
    throw new UserError(`front matter is ${formatSize(bytes)}; the limit is ${formatSize(maxBytes)} (PAIBAN_MAX_FRONT_MATTER_SIZE)`, { file: shownFile, line: 1 });
  }
}
