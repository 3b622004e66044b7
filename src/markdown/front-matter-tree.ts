import type { Root, Yaml } from 'mdast';
import { throwCollected, UserError } from '../errors.ts';
import { readFrontMatter, type FrontMatter } from '../source/frontmatter.ts';
import type { MergedOptions } from '../project/merge.ts';

// Apart from parse.ts on purpose: the build parses in the parser thread
// (read.ts) and needs only this half, without remark and micromark.

export interface ParsedDocument {
  meta: FrontMatter;
  /** File line of each front matter field. */
  metaLines: Record<string, number>;
  /** The body tree, front matter node removed. */
  tree: Root;
  /** Front matter fields of other tools, accepted and unused. */
  ignored: string[];
}

/** A document read as far as it goes: the body tree, and every front matter field problem, none thrown. */
export interface DocumentParts extends Omit<ParsedDocument, 'meta'> {
  meta: FrontMatter | undefined;
  problems: UserError[];
}

/** The parsed tree of `markdown` → validated front matter (over the folder's `defaults`) + body (see read.ts and the source stage). */
export function documentFromTree(markdown: string, tree: Root, shownFile: string, defaults?: MergedOptions): ParsedDocument {
  const parts = documentPartsFromTree(markdown, tree, shownFile, defaults);
  throwCollected(parts.problems);
  return { meta: parts.meta!, metaLines: parts.metaLines, tree: parts.tree, ignored: parts.ignored };
}

/** documentFromTree, with bad fields collected instead of thrown (a missing or unparsable block is still thrown). */
export function documentPartsFromTree(markdown: string, tree: Root, shownFile: string, defaults?: MergedOptions): DocumentParts {
  const first = tree.children[0];
  if (first?.type !== 'yaml') {
    const unclosed = /^---[ \t]*\r?\n/.test(markdown);
    throw new UserError(
      unclosed
        ? 'front matter is not closed: end it with a line of three dashes (---)'
        : 'no front matter: start the file with a --- block giving at least title, author and date',
      { file: shownFile, line: 1 },
    );
  }
  const yaml = first as Yaml;
  const startLine = (yaml.position?.start.line ?? 1) + 1;
  const { data, lines, ignored, problems } = readFrontMatter(yaml.value, shownFile, startLine, defaults);
  return { meta: data, metaLines: lines, tree: { ...tree, children: tree.children.slice(1) }, ignored, problems };
}
