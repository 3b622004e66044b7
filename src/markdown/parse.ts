import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkCjkFriendly from 'remark-cjk-friendly';
import type { Root } from 'mdast';
import { remarkAutolinkGuard } from './autolink-guard.ts';

// CJK-friendly emphasis: `**社会保障更广覆盖。**户籍人口…` is bold even though
// the closing `**` follows punctuation and precedes a Han character.
// GFM's literal-autolink pass only where the text may hold one (autolink-guard.ts).
const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkAutolinkGuard).use(remarkCjkFriendly);

export function parseMarkdown(markdown: string): Root {
  return parser.runSync(parser.parse(markdown)) as Root;
}
