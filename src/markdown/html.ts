import { unified } from 'unified';
import remarkRehype from 'remark-rehype';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import rehypeStringify from 'rehype-stringify';
import type { Root as HastRoot } from 'hast';
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { imageParagraphsToFigures } from './figures.ts';
import { UserError } from '../errors.ts';
import { isStackOverflow } from './guard.ts';
import { rehypeDropEmptyIds, rehypeLocalResources } from './local-resources.ts';

/**
 * The allowlist for raw HTML in sources: GitHub's schema (no script, style,
 * iframe, object, event handlers or javascript: URLs), plus `lang` anywhere
 * so authors can mark foreign-language spans, and ruby for pinyin.
 */
const sanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  // A removed <style> loses its text too, instead of showing CSS as a paragraph.
  strip: [...(defaultSchema.strip ?? []), 'style'],
  tagNames: [...(defaultSchema.tagNames ?? []), 'ruby', 'rt', 'rp'],
  attributes: {
    ...defaultSchema.attributes,
    '*': [...(defaultSchema.attributes?.['*'] ?? []), 'lang'],
  },
};

function processor(lang: string) {
  const chinese = lang.toLowerCase().startsWith('zh');
  return (
    unified()
      .use(remarkRehype, {
        allowDangerousHtml: true,
        // Footnotes are labelled in the document's language.
        ...(chinese ? { footnoteLabel: '注释', footnoteBackLabel: (i: number) => `返回正文第 ${i + 1} 处引用` } : {}),
      })
      .use(rehypeRaw)
      .use(rehypeSanitize, sanitizeSchema)
      // Images only from the document's folder: no remote or file: src, no srcset.
      .use(rehypeLocalResources)
      // After sanitising, so heading ids are not given the user-content- prefix.
      .use(rehypeSlug)
      .use(rehypeDropEmptyIds)
      .use(rehypeStringify)
  );
}

const processors = new Map<string, ReturnType<typeof processor>>();
const toHtml = processorFor('zh-CN');

function processorFor(lang: string): ReturnType<typeof processor> {
  let found = processors.get(lang);
  if (!found) processors.set(lang, (found = processor(lang)));
  return found;
}

/** mdast body → sanitised hast: headings with ids, images alone in a paragraph as figures, header cells with scope. */
export function markdownToHast(tree: Root, lang = 'zh-CN'): HastRoot {
  let hast: HastRoot;
  try {
    hast = processorFor(lang).runSync(structuredClone(tree)) as HastRoot;
  } catch (error) {
    // readDocumentSafely checks the depth first; this is the net under it.
    if (isStackOverflow(error)) throw new UserError('is nested too deeply to convert to HTML (limit PAIBAN_MAX_DEPTH)');
    throw error;
  }
  imageParagraphsToFigures(hast);
  tableCells(hast);
  return hast;
}

export function hastToHtml(tree: HastRoot): string {
  return toHtml.stringify(tree);
}

/** mdast body → sanitised HTML fragment. */
export function markdownToHtml(tree: Root): string {
  return hastToHtml(markdownToHast(tree));
}

/**
 * GFM column alignment as a class (the `align` attribute is obsolete HTML),
 * and `scope="col"` on the header row's cells.
 */
function tableCells(tree: HastRoot): void {
  visit(tree, 'element', (node, _index, parent) => {
    if (node.tagName !== 'td' && node.tagName !== 'th') return;
    const align = node.properties['align'];
    if (typeof align === 'string') {
      delete node.properties['align'];
      node.properties['className'] = [`align-${align}`];
    }
    if (node.tagName === 'th' && parent?.type === 'element' && parent.tagName === 'tr') node.properties['scope'] ??= 'col';
  });
}
