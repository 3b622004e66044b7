// What a reader sees in a Markdown document, parsed by remark with GFM and
// CJK-friendly emphasis (`**粗体。**后文` closes), not by paiban: its headings with their levels, paragraphs, lists, tables and bold
// phrases, as plain text, so a test can state them by hand.
import type { Heading, List, Root, Strong, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';

export interface Outline {
  /** `## text`: the level as that many #. */
  headings: string[];
  /** Top-level paragraphs (not those in lists or tables). */
  paragraphs: string[];
  /** Each list's items. */
  lists: string[][];
  /** Each table's rows of cells. */
  tables: string[][][];
  strong: string[];
}

/** The outline of a Markdown document's body (the YAML front matter, if any, left out). */
export function outline(markdown: string): Outline {
  const body = markdown.startsWith('---\n') ? markdown.slice(markdown.indexOf('\n---\n', 4) + 5) : markdown;
  const tree = unified().use(remarkParse).use(remarkGfm).use(remarkCjkFriendly).parse(body) as Root;
  const out: Outline = { headings: [], paragraphs: [], lists: [], tables: [], strong: [] };
  for (const node of tree.children) if (node.type === 'paragraph') out.paragraphs.push(toString(node));
  visit(tree, (node) => {
    if (node.type === 'heading') out.headings.push(`${'#'.repeat((node as Heading).depth)} ${toString(node)}`);
    else if (node.type === 'list') out.lists.push((node as List).children.map((item) => toString(item)));
    else if (node.type === 'table') out.tables.push((node as Table).children.map((row) => row.children.map((cell) => toString(cell))));
    else if (node.type === 'strong') out.strong.push(toString(node as Strong));
  });
  return out;
}
