import type { Root, Yaml } from 'mdast';
import { UserError } from '../errors.ts';
import { parseFrontMatter, type FrontMatter } from '../source/frontmatter.ts';
import type { MergedOptions } from '../project/merge.ts';

// Apart from parse.ts on purpose: the build parses in the parser thread
// (read.ts) and needs only this half, without remark and micromark.

export interface ParsedDocument {
  meta: FrontMatter;
  /** File line of each front matter field. */
  metaLines: Record<string, number>;
  /** The body tree, front matter node removed. */
  tree: Root;
}

/** The parsed tree of `markdown` → validated front matter (over the folder's `defaults`) + body (see read.ts and document.ts). */
export function documentFromTree(markdown: string, tree: Root, shownFile: string, defaults?: MergedOptions): ParsedDocument {
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
  const { data, lines } = parseFrontMatter(yaml.value, shownFile, startLine, defaults);
  return { meta: data, metaLines: lines, tree: { ...tree, children: tree.children.slice(1) } };
}
