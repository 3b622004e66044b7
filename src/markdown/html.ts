import { unified } from 'unified';
import remarkRehype from 'remark-rehype';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import rehypeStringify from 'rehype-stringify';
import type { Root as HastRoot } from 'hast';
import type { Root } from 'mdast';

/**
 * The allowlist for raw HTML in sources: GitHub's schema (no script, style,
 * iframe, object, event handlers or javascript: URLs), plus `lang` anywhere
 * so authors can mark foreign-language spans, and ruby for pinyin.
 */
const sanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  tagNames: [...(defaultSchema.tagNames ?? []), 'ruby', 'rt', 'rp'],
  attributes: {
    ...defaultSchema.attributes,
    '*': [...(defaultSchema.attributes?.['*'] ?? []), 'lang'],
  },
};

const toHtml = unified()
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeRaw)
  .use(rehypeSanitize, sanitizeSchema)
  // After sanitising, so heading ids are not given the user-content- prefix.
  .use(rehypeSlug)
  .use(rehypeStringify);

/** mdast body → sanitised hast, headings with ids. */
export function markdownToHast(tree: Root): HastRoot {
  return toHtml.runSync(structuredClone(tree)) as HastRoot;
}

export function hastToHtml(tree: HastRoot): string {
  return toHtml.stringify(tree);
}

/** mdast body → sanitised HTML fragment. */
export function markdownToHtml(tree: Root): string {
  return hastToHtml(markdownToHast(tree));
}
