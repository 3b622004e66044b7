import type { Heading, Link, Paragraph, PhrasingContent, Root, RootContent, Text } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { SKIP, visit } from 'unist-util-visit';
import { parseMarkdown } from '../markdown/parse.ts';
import { BOILERPLATE_RULES, type RemovedLine, type SourceLine } from './boilerplate.ts';
import { isTitleLike } from './metadata.ts';
import { HEADING_NUMBERS, joinLines } from './structure.ts';

/**
 * Written as the importer writes Markdown from text: `-` bullets, `**`
 * bold, backtick fences, tables with `| --- |` delimiter rows and cells
 * unpadded (every cell "measures" 3, so nothing is padded to align).
 */
const writer = unified()
  .use(remarkGfm, { stringLength: () => 3 })
  .use(remarkCjkFriendly)
  .use(remarkStringify, { bullet: '-', emphasis: '*', strong: '*', fence: '`', rule: '-', listItemIndent: 'one' });

export interface MarkdownBody {
  tree: Root;
  removed: RemovedLine[];
}

/** A Markdown body (front matter already blanked out) as a syntax tree, with the page furniture paragraphs taken out. */
export function readMarkdownBody(text: string): MarkdownBody {
  const tree = parseMarkdown(text);
  const removed: RemovedLine[] = [];
  tree.children = tree.children.filter((node) => {
    if (node.type === 'yaml') return false;
    if (node.type !== 'paragraph') return true;
    const value = toString(node).trim();
    const rule = value.includes('\n') ? undefined : BOILERPLATE_RULES.find((r) => r.matches(value));
    if (rule) removed.push({ rule: rule.id, line: node.position?.start.line ?? 0, text: value });
    return !rule;
  });
  return { tree, removed };
}

/** The top-level paragraphs as lines (for the notice and signature rules), each with its node. */
export function paragraphLines(tree: Root): (SourceLine & { node: RootContent })[] {
  return tree.children.flatMap((node) => (node.type === 'paragraph' ? [{ text: toString(node), line: node.position?.start.line ?? 0, node }] : []));
}

/** Take the title: a first `# heading`, or a first one-line paragraph that reads like a title. */
export function takeMarkdownTitle(tree: Root): string | undefined {
  const first = tree.children[0];
  if (!first) return undefined;
  const text = toString(first).trim();
  const titled =
    (first.type === 'heading' && first.depth === 1) ||
    (first.type === 'paragraph' && !text.includes('\n') && isTitleLike(text) && !HEADING_NUMBERS.some(({ pattern }) => pattern.test(text)));
  if (!titled || !text) return undefined;
  tree.children.shift();
  return text;
}

export interface MarkdownRewrite {
  tidy: (text: string) => string;
  bold: (text: string) => string;
}

/**
 * Apply the import's text rules to the tree and write it: soft line breaks
 * inside a paragraph join (no space between two Chinese characters),
 * punctuation is normalised in text (never in code, HTML or link targets),
 * a one-line paragraph numbered like an official heading (`一、…`, `（一）…`)
 * becomes a heading, run-in lead sentences are bolded, and a bare URL stays
 * bare (GFM reads it as a link; written back it would gain `<…>`). The text
 * of a bare URL is exactly what GFM recognised as one, so it has no `<`.
 */
export function writeMarkdownBody(tree: Root, { tidy, bold }: MarkdownRewrite): { markdown: string; headings: { depth: number; text: string }[] } {
  officialHeadings(tree);
  visit(tree, 'link', (node: Link, index, parent) => {
    const literal = node.position && node.children.length === 1 && node.children[0]!.type === 'text' && toString(node) === node.url.replace(/^mailto:/, '');
    if (!literal || !parent || index === undefined) return;
    // Written verbatim (an `html` node is): as text, its `:` and `.` would be escaped to stop the autolink.
    parent.children[index] = { type: 'html', value: toString(node) };
    return SKIP;
  });
  visit(tree, 'text', (node: Text) => {
    node.value = tidy(joinLines(node.value.split('\n')));
  });
  visit(tree, 'paragraph', (node: Paragraph) => {
    // Text and bold text only: as `甲**乙**` the lead rules read it (and count a lead already bold).
    const value = asBoldText(node.children);
    if (value === undefined) return;
    const bolded = bold(value);
    if (bolded !== value) node.children = boldRuns(bolded);
  });
  const headings: { depth: number; text: string }[] = [];
  visit(tree, 'heading', (node: Heading) => {
    headings.push({ depth: node.depth, text: toString(node) });
  });
  return { markdown: String(writer.stringify(tree)).replace(/\n+$/, ''), headings };
}

/** Phrasing of text and plain bold runs as `甲**乙**`; undefined for anything else (links, code, a literal `*`). */
function asBoldText(children: readonly PhrasingContent[]): string | undefined {
  let out = '';
  for (const child of children) {
    if (child.type === 'text') out += child.value;
    else if (child.type === 'strong' && child.children.length === 1 && child.children[0]!.type === 'text') out += `**${child.children[0]!.value}**`;
    else return undefined;
  }
  return out.replace(/\*\*/g, '').includes('*') ? undefined : out;
}

/** `甲**乙**丙` → text, strong, text. */
function boldRuns(text: string): PhrasingContent[] {
  return text
    .split('**')
    .map((part, i): PhrasingContent | undefined => (part === '' ? undefined : i % 2 ? { type: 'strong', children: [{ type: 'text', value: part }] } : { type: 'text', value: part }))
    .filter((node): node is PhrasingContent => node !== undefined);
}

/** One-line paragraphs numbered 一、 （一） 1. … → headings, levels in the order the document uses the kinds. */
function officialHeadings(tree: Root): void {
  const found: { index: number; rank: number }[] = [];
  tree.children.forEach((node, index) => {
    if (node.type !== 'paragraph') return;
    const plain = node.children.every((child) => child.type === 'text' || (child.type === 'strong' && node.children.length === 1));
    const text = toString(node).trim();
    if (!plain || text.includes('\n') || !isTitleLike(text, 50)) return;
    const rank = HEADING_NUMBERS.findIndex(({ pattern }) => pattern.test(text));
    if (rank >= 0) found.push({ index, rank });
  });
  const ranks = [...new Set(found.map((f) => f.rank))].sort((a, b) => a - b);
  for (const { index, rank } of found) {
    const paragraph = tree.children[index] as Paragraph;
    tree.children[index] = { type: 'heading', depth: (ranks.indexOf(rank) + 1) as Heading['depth'], children: [{ type: 'text', value: toString(paragraph).trim() }] };
  }
}
