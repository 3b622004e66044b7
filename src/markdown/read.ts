import type { Root } from 'mdast';
import { throwCollected, UserError } from '../errors.ts';
import { formatSize, limitsFromEnv, type Limits } from '../limits.ts';
import { refuseNonYamlFrontMatter } from '../source/frontmatter.ts';
import { documentPartsFromTree, type DocumentParts, type ParsedDocument } from './front-matter-tree.ts';
import { checkLinePrefixes } from './guard.ts';
import { parseIsolated } from './isolate.ts';
import type { MergedOptions } from '../project/merge.ts';

/**
 * `readDocument` for untrusted sources: the same result, but the front
 * matter size and the nesting are checked before parsing, and the parse runs
 * in the isolated, time- and memory-bounded parser thread.
 */
export async function readDocumentSafely(markdown: string, shownFile: string, limits: Limits = limitsFromEnv(), defaults?: MergedOptions): Promise<ParsedDocument> {
  const parts = await readDocumentParts(markdown, shownFile, limits, defaults);
  throwCollected(parts.problems);
  return { meta: parts.meta!, metaLines: parts.metaLines, tree: parts.tree, ignored: parts.ignored };
}

/** readDocumentSafely, with bad front matter fields collected, not thrown (so a build reports them with its other problems). */
export async function readDocumentParts(markdown: string, shownFile: string, limits: Limits = limitsFromEnv(), defaults?: MergedOptions): Promise<DocumentParts> {
  return documentPartsFromTree(markdown, await parseSafely(markdown, shownFile, limits), shownFile, defaults);
}

/**
 * The parse alone, front matter block included: the checks before parsing,
 * then the parser thread. (The build starts it before it reads the project's
 * files, whose defaults the front matter needs only afterwards.)
 */
export async function parseSafely(markdown: string, shownFile: string, limits: Limits = limitsFromEnv()): Promise<Root> {
  refuseNonYamlFrontMatter(markdown, shownFile);
  checkFrontMatterSize(markdown, shownFile, limits.maxFrontMatterBytes);
  const prefix = checkLinePrefixes(markdown, limits.maxDepth);
  if (prefix) throw new UserError(prefix.message, { file: shownFile, line: prefix.line });
  return parseIsolated(markdown, shownFile, limits);
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
