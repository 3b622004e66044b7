import { throwCollected } from '../errors.ts';
import { limitsFromEnv, type Limits } from '../limits.ts';
import { documentPartsFromTree, type DocumentParts, type ParsedDocument } from './front-matter-tree.ts';
import { parseSafely } from './parse-safely.ts';
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

export { checkFrontMatterSize, parseSafely } from './parse-safely.ts';
