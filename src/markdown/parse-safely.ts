import type { Root } from 'mdast';
import { UserError } from '../errors.ts';
import { formatSize, limitsFromEnv, type Limits } from '../limits.ts';
import { refuseNonYamlFrontMatter } from '../source/fence.ts';
import { checkLinePrefixes } from './guard.ts';
import { parseIsolated } from './isolate.ts';
import { trace } from '../trace.ts';

/**
 * The parse alone, front matter block included: the checks before parsing,
 * then the parser thread. (The build starts it before it reads the project's
 * files, whose defaults the front matter needs only afterwards.) A parse of
 * the same file's same text begun ahead (parseAhead) is taken instead of
 * parsing again.
 */
export async function parseSafely(markdown: string, shownFile: string, limits: Limits = limitsFromEnv()): Promise<Root> {
  const pending = ahead.get(shownFile);
  if (pending) {
    ahead.delete(shownFile);
    // Its read began first: waiting for it costs at most the rest of that read.
    const early = await pending;
    if (early && early.markdown === markdown && early.limits === JSON.stringify(limits)) {
      trace('parser: the parse begun ahead is taken');
      return early.parsing;
    }
  }
  return parseNow(markdown, shownFile, limits);
}

function parseNow(markdown: string, shownFile: string, limits: Limits): Promise<Root> {
  refuseNonYamlFrontMatter(markdown, shownFile);
  checkFrontMatterSize(markdown, shownFile, limits.maxFrontMatterBytes);
  const prefix = checkLinePrefixes(markdown, limits.maxDepth);
  if (prefix) throw new UserError(prefix.message, { file: shownFile, line: prefix.line });
  return parseIsolated(markdown, shownFile, limits);
}

interface EarlyParse {
  markdown: string;
  limits: string;
  parsing: Promise<Root>;
}

/** Parses begun before the build asked for them, by the file's shown name, registered as soon as the read begins; each is taken once. */
const ahead = new Map<string, Promise<EarlyParse | undefined>>();

/**
 * Start parsing a source before the build reads it (src/cli/parse-ahead.ts):
 * the parser thread works while the main thread loads the build's code. Its
 * result (or its error, the same one) is used only by a parseSafely of the
 * very same text and limits; a source changed meanwhile is parsed again. A
 * read that fails leaves the build to read and report.
 */
export function parseAhead(shownFile: string, reading: Promise<string>): void {
  const early = reading.then((markdown): EarlyParse => {
    const limits = limitsFromEnv();
    const parsing = (async () => parseNow(markdown, shownFile, limits))();
    // Never taken (the build failed first, or skipped the document): not an unhandled rejection.
    parsing.catch(() => undefined);
    return { markdown, limits: JSON.stringify(limits), parsing };
  });
  ahead.set(shownFile, early.catch(() => undefined));
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
