import type { Root, Yaml } from 'mdast';
import { UserError } from '../errors.ts';
import { parseFrontMatter, refuseNonYamlFrontMatter, type FrontMatter } from '../source/frontmatter.ts';
import { parseMarkdown } from './parse.ts';

export interface ParsedDocument {
  meta: FrontMatter;
  /** File line of each front matter field. */
  metaLines: Record<string, number>;
  /** The body tree, front matter node removed. */
  tree: Root;
}

/** Markdown text → validated front matter + mdast body. */
export function readDocument(markdown: string, shownFile: string): ParsedDocument {
  refuseNonYamlFrontMatter(markdown, shownFile);
  return documentFromTree(markdown, parseMarkdown(markdown), shownFile);
}

/** The parsed tree of `markdown` → validated front matter + body (see also read.ts). */
export function documentFromTree(markdown: string, tree: Root, shownFile: string): ParsedDocument {
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
  const { data, lines } = parseFrontMatter(yaml.value, shownFile, startLine);
  return { meta: data, metaLines: lines, tree: { ...tree, children: tree.children.slice(1) } };
}
