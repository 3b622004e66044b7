import { refuseNonYamlFrontMatter } from '../source/frontmatter.ts';
import { documentFromTree, type ParsedDocument } from './front-matter-tree.ts';
import { parseMarkdown } from './parse.ts';

export { documentFromTree, type ParsedDocument } from './front-matter-tree.ts';

/** Markdown text → validated front matter + mdast body. */
export function readDocument(markdown: string, shownFile: string): ParsedDocument {
  refuseNonYamlFrontMatter(markdown, shownFile);
  return documentFromTree(markdown, parseMarkdown(markdown), shownFile);
}
