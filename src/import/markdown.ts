import { stringify } from 'yaml';
import type { Block } from './structure.ts';

/** Front matter the importer writes, in this order; all of it valid for src/source/frontmatter.ts. */
export interface ImportedFrontMatter {
  title: string;
  subtitle?: string;
  /** Left out when a notice has no signature or date: the author must set them. */
  author?: string | undefined;
  date?: string | undefined;
  region?: string;
  lang: string;
  layout: string;
  edition: string;
  punctuation?: boolean;
  /** A notice's 公文 elements (src/import/notice.ts). */
  gongwen?: Record<string, unknown>;
}

const FIELD_ORDER: readonly (keyof ImportedFrontMatter)[] = ['title', 'subtitle', 'author', 'date', 'region', 'lang', 'layout', 'edition', 'punctuation', 'gongwen'];

/**
 * `plainText`: the blocks came from text or HTML, so a paragraph that happens
 * to start like Markdown syntax (`1. `, `> `, `# `) is escaped; Markdown input
 * is the author's syntax and is written as it was.
 */
export function renderMarkdown(meta: ImportedFrontMatter, blocks: readonly Block[] | string, { plainText }: { plainText: boolean }): string {
  const fields: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) if (meta[key] !== undefined) fields[key] = meta[key];
  // A string is a body already written (Markdown input, src/import/markdown-source.ts).
  const body = typeof blocks === 'string' ? blocks : blocks.map((block) => renderBlock(block, plainText)).join('\n\n');
  return `---\n${stringify(fields, { lineWidth: 0 })}---\n\n${body}\n`;
}

function renderBlock(block: Block, plainText: boolean): string {
  switch (block.kind) {
    case 'heading':
      return `${'#'.repeat(block.depth)} ${text(block.text, plainText)}`;
    case 'paragraph':
      return plainText ? escapeBlockStart(escapeText(block.text)) : block.text;
    case 'list':
      return block.items.map((item) => `${block.ordered ? `${item.number}.` : '-'} ${text(item.text, plainText)}`).join('\n');
    case 'table': {
      const [head, ...rows] = block.rows;
      const row = (cells: string[]): string => `| ${cells.map((c) => text(c, plainText).replace(/\|/g, '\\|')).join(' | ')} |`;
      return [row(head!), `| ${head!.map(() => '---').join(' | ')} |`, ...rows.map(row)].join('\n');
    }
    case 'code':
      return [block.fence, ...block.lines, block.fence.replace(/[^`~].*$/, '')].join('\n');
  }
}

const text = (value: string, plainText: boolean): string => (plainText ? escapeText(value) : value);

/**
 * Text read from a page or a .txt stays text in Markdown: `<script>` that a
 * page showed as text (`&lt;script&gt;`) must not become raw HTML in
 * index.md, nor `&lt;` an entity that displays as `<`, nor `[x](y)` a link.
 * A backslash escapes any ASCII punctuation in CommonMark; `**` (the
 * importer's own bold) is left alone.
 */
export function escapeText(value: string): string {
  return value
    .replace(/\\(?=[!-/:-@[-`{-~])/g, '\\\\')
    .replace(/[<>[\]`]/g, (c) => `\\${c}`)
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
}

/** A paragraph that would start a Markdown heading, quote or list stays a paragraph. */
function escapeBlockStart(text: string): string {
  if (/^\d{1,9}[.)]\s/.test(text)) return text.replace(/^(\d+)/, '$1\\');
  return /^(?:#{1,6}\s|>|[-+*]\s|={3,}|-{3,}|\|)/.test(text) ? `\\${text}` : text;
}
