import { unified, type PluggableList } from 'unified';
import remarkRehype from 'remark-rehype';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import rehypeStringify from 'rehype-stringify';
import type { Root as HastRoot } from 'hast';
import type { Root } from 'mdast';
import { rehypeKeepLastTwo, rehypeQuoteBreaks } from './breaks.ts';
import { rehypeLongTokenBreaks } from './long-tokens.ts';
import { visit } from 'unist-util-visit';
import { imageParagraphsToFigures } from './figures.ts';
import { labelsFor } from '../layout/labels.ts';
import { UserError } from '../errors.ts';
import { isStackOverflow } from './guard.ts';
import { rehypeDropEmptyIds, rehypeLocalResources } from './local-resources.ts';
import { rehypeFragmentLinks } from './fragments.ts';
import { rehypeEmphasisByScript } from './emphasis.ts';

/**
 * The allowlist for raw HTML in sources: GitHub's schema (no script, style,
 * iframe, object, event handlers or javascript: URLs), plus `lang` anywhere
 * so authors can mark foreign-language spans, and ruby for pinyin.
 */
const sanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  // A removed <style> loses its text too, instead of showing CSS as a paragraph.
  strip: [...(defaultSchema.strip ?? []), 'style'],
  tagNames: [...(defaultSchema.tagNames ?? []), 'ruby', 'rt', 'rp', 'caption'],
  attributes: {
    ...defaultSchema.attributes,
    '*': [...(defaultSchema.attributes?.['*'] ?? []), 'lang'],
    // Classes the pipeline's own plugins set (official headings, lead sentences).
    ...Object.fromEntries(
      ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((h) => [h, withClasses(defaultSchema.attributes?.[h], ['gw-1', 'gw-2', 'gw-3', 'gw-4'])]),
    ),
    strong: withClasses(defaultSchema.attributes?.['strong'], ['lead']),
  },
};

type AttributeRules = NonNullable<SanitizeSchema['attributes']>[string];

/** Add allowed class names to an element's rules, in its one className entry (the first such entry wins). */
function withClasses(rules: AttributeRules | undefined, classes: string[]): AttributeRules {
  const list = [...(rules ?? [])];
  const at = list.findIndex((rule) => Array.isArray(rule) && rule[0] === 'className');
  const existing = at >= 0 ? (list[at] as unknown[]).slice(1) : [];
  const merged = ['className', ...existing, ...classes] as AttributeRules[number];
  if (at >= 0) list[at] = merged;
  else list.push(merged);
  return list;
}

/** The project's rehype plugins (paiban.config.yaml), with a key naming the set. */
export interface RehypePlugins {
  key: string;
  plugins: PluggableList;
}

function processor(lang: string, extra: PluggableList = []) {
  const chinese = lang.toLowerCase().startsWith('zh');
  const labels = labelsFor(lang);
  return (
    unified()
      .use(remarkRehype, {
        allowDangerousHtml: true,
        // Footnotes are labelled in the document's language.
        ...(chinese ? { footnoteLabel: labels.footnotes, footnoteBackLabel: (i: number) => labels.backToReference.replace('{n}', String(i + 1)) } : {}),
        // ↑, not ↩: the CJK fonts have it (GB 2312), so no fallback font draws it.
        footnoteBackContent: '↑',
        // The sanitiser prefixes ids (against DOM clobbering); prefixed here too, footnote ids became
        // user-content-user-content-fn-1 and every footnote link broke. rehypeFragmentLinks points the links.
        clobberPrefix: '',
      })
      .use(rehypeRaw)
      // The project's own plugins: before the sanitiser, so whatever they add is sanitised too.
      .use(extra)
      .use(rehypeSanitize, sanitizeSchema)
      // Images only from the document's folder: no remote or file: src, no srcset.
      .use(rehypeLocalResources)
      // After sanitising, so heading ids are not given the user-content- prefix.
      .use(rehypeSlug)
      .use(rehypeFragmentLinks)
      // 着重号 over Chinese, italic over Latin (before the break passes split text nodes).
      .use(rehypeEmphasisByScript)
      .use(rehypeKeepLastTwo)
      .use(rehypeQuoteBreaks)
      .use(rehypeLongTokenBreaks)
      .use(rehypeDropEmptyIds)
      .use(rehypeStringify)
  );
}

const processors = new Map<string, ReturnType<typeof processor>>();
const toHtml = processorFor('zh-CN');

function processorFor(lang: string, rehype?: RehypePlugins): ReturnType<typeof processor> {
  const key = rehype?.key ? JSON.stringify([lang, rehype.key]) : lang;
  let found = processors.get(key);
  if (!found) processors.set(key, (found = processor(lang, rehype?.plugins)));
  return found;
}

/** mdast body → sanitised hast: headings with ids, images alone in a paragraph as figures, header cells with scope. */
export function markdownToHast(tree: Root, lang = 'zh-CN', rehype?: RehypePlugins): HastRoot {
  let hast: HastRoot;
  try {
    hast = processorFor(lang, rehype).runSync(structuredClone(tree)) as HastRoot;
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
