import type { SourceLine } from './boilerplate.ts';
import { isTitleLike } from './metadata.ts';

/** The document's body as blocks, before Markdown is written. */
export type Block =
  | { kind: 'heading'; depth: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; items: { number: number; text: string }[] }
  | { kind: 'table'; rows: string[][] }
  | { kind: 'code'; fence: string; lines: string[] };

const CN_NUMBER = '[一二三四五六七八九十百零〇]+';
/**
 * Official heading numbers (GB/T 9704-2012 §7.3.3 and common report usage),
 * from the outermost level in. A document's headings get Markdown levels in
 * this order, counting only the kinds it uses: a report with 一、 and （一）
 * has them as # and ##.
 */
export const HEADING_NUMBERS: readonly { kind: string; pattern: RegExp }[] = [
  { kind: '第一部分', pattern: new RegExp(`^第(?:${CN_NUMBER}|\\d+)(?:部分|篇)`) },
  { kind: '第一章', pattern: new RegExp(`^第(?:${CN_NUMBER}|\\d+)章`) },
  { kind: '第一节', pattern: new RegExp(`^第(?:${CN_NUMBER}|\\d+)节`) },
  { kind: '一、', pattern: new RegExp(`^${CN_NUMBER}、`) },
  { kind: '（一）', pattern: new RegExp(`^[（(]${CN_NUMBER}[)）]`) },
  { kind: '1.', pattern: /^\d{1,3}(?:[.．](?!\d)|、)/ },
  { kind: '（1）', pattern: /^[（(]\d{1,3}[)）]/ },
];

/** A heading is one short line with no sentence in it. */
const HEADING_MAX_LENGTH = 50;

export type SourceFormat = 'text' | 'markdown' | 'html' | 'docx';

interface Pending {
  rank: number;
  text: string;
}

/** Lines (title and furniture already taken out) → blocks. */
export function parseBlocks(lines: readonly SourceLine[], format: SourceFormat): Block[] {
  const blocks: (Block | Pending)[] = [];
  const text = lines.map((l) => l.text);
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', text: joinLines(paragraph) });
    paragraph = [];
  };

  for (let i = 0; i < text.length; i++) {
    const line = stripIndent(text[i]!);
    if (!line) {
      flush();
      continue;
    }
    const fence = /^(`{3,}|~{3,})/.exec(line);
    if (fence) {
      flush();
      const body: string[] = [];
      let j = i + 1;
      while (j < text.length && !text[j]!.trim().startsWith(fence[1]!)) body.push(text[j++]!);
      blocks.push({ kind: 'code', fence: line, lines: body });
      i = j;
      continue;
    }
    const typedHeading = /^(#{1,6})\s+(.*?)\s*#*$/.exec(line);
    if (typedHeading) {
      flush();
      blocks.push({ kind: 'heading', depth: typedHeading[1]!.length, text: typedHeading[2]! });
      continue;
    }
    const table = tableAt(text, i);
    if (table) {
      flush();
      blocks.push({ kind: 'table', rows: table.rows });
      i = table.end - 1;
      continue;
    }
    const item = listItem(line, format);
    if (item) {
      flush();
      const last = blocks.at(-1);
      if (last && 'kind' in last && last.kind === 'list' && last.ordered === item.ordered) last.items.push(item);
      else blocks.push({ kind: 'list', ordered: item.ordered, items: [item] });
      continue;
    }
    const rank = HEADING_NUMBERS.findIndex(({ pattern }) => pattern.test(line));
    if (rank >= 0 && isTitleLike(line, HEADING_MAX_LENGTH)) {
      flush();
      blocks.push({ rank, text: line });
      continue;
    }
    // Markdown paragraphs run over several lines; scraped text has one paragraph per line.
    if (format !== 'markdown') flush();
    paragraph.push(line);
  }
  flush();
  return assignHeadingDepths(blocks);
}

function assignHeadingDepths(blocks: (Block | Pending)[]): Block[] {
  const ranks = [...new Set(blocks.flatMap((b) => ('rank' in b ? [b.rank] : [])))].sort((a, b) => a - b);
  return blocks.map((b) => ('rank' in b ? { kind: 'heading', depth: ranks.indexOf(b.rank) + 1, text: b.text } : b));
}

/** Leading spaces, tabs and ideographic spaces: the typed paragraph indent. */
function stripIndent(line: string): string {
  return line.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
}

/** Lines of one Markdown paragraph: no space between two Chinese characters. */
export function joinLines(lines: string[]): string {
  return lines.reduce((joined, line) => {
    if (!joined) return line;
    const cjkBoundary = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’]$/u.test(joined) && /^[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’]/u.test(line);
    return cjkBoundary ? joined + line : `${joined} ${line}`;
  }, '');
}

/**
 * A list item: `- 文字` / `• 文字`, or an Arabic number followed by a sentence
 * (`1. 完善制度。`) — an Arabic number before a short line without a sentence
 * is a heading instead (see HEADING_NUMBERS), except in Markdown input.
 */
function listItem(line: string, format: SourceFormat): { ordered: boolean; number: number; text: string } | undefined {
  const bullet = /^[-*+•●▪]\s+(.+)$/.exec(line);
  if (bullet) return { ordered: false, number: 0, text: bullet[1]! };
  const markdownNumber = /^(\d{1,3})[.)]\s+(.+)$/.exec(line);
  const officialNumber = /^(\d{1,3})(?:[.．](?!\d)|、)\s*(.+)$/.exec(line);
  const numbered = markdownNumber ?? officialNumber;
  if (numbered && !isTitleLike(numbered[2]!, HEADING_MAX_LENGTH)) return { ordered: true, number: Number(numbered[1]), text: numbered[2]! };
  // In Markdown, `1. ` is a list item whatever follows.
  if (markdownNumber && format === 'markdown') return { ordered: true, number: Number(markdownNumber[1]), text: markdownNumber[2]! };
  return undefined;
}

/** Cells of a row: Markdown `| a | b |`, or columns separated by tabs or by two or more spaces. */
function cellsOf(line: string): string[] | undefined {
  const trimmed = stripIndent(line);
  if (/^\|.*\|$/.test(trimmed)) return trimmed.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
  const cells = trimmed.split(/\t+|[ \u3000]{2,}/).map((cell) => cell.trim());
  return cells.length >= 2 ? cells : undefined;
}

const DELIMITER_ROW = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/;

/** Two or more consecutive rows with the same number of cells make a table. */
function tableAt(lines: readonly string[], start: number): { rows: string[][]; end: number } | undefined {
  const first = cellsOf(lines[start]!);
  if (!first) return undefined;
  const rows = [first];
  let end = start + 1;
  while (end < lines.length) {
    const line = stripIndent(lines[end]!);
    if (DELIMITER_ROW.test(line)) {
      end++;
      continue;
    }
    const cells = cellsOf(lines[end]!);
    if (!cells || cells.length !== first.length) break;
    rows.push(cells);
    end++;
  }
  return rows.length >= 2 ? { rows, end } : undefined;
}
