import { unified, type PluggableList } from 'unified';
import remarkRehype from 'remark-rehype';
import { rehypeRawWhereNeeded } from './raw-where-needed.ts';
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
import { rehypeTraditional } from '../editions/rehype-traditional.ts';
import type { Edition } from '../editions/editions.ts';
import { rehypeHalfWidthRuns } from '../gongwen/half-width.ts';

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

/** How a body becomes HTML: its language, the project's rehype plugins, and for a Traditional edition its variant. */
export interface HastOptions {
  lang?: string;
  rehype?: RehypePlugins | undefined;
  /** zh-Hant editions: convert the text (OpenCC) for this variant. */
  traditional?: Edition['variant'] | undefined;
  /** 公文: ASCII runs in spans set with half-width glyphs (src/gongwen/half-width.ts). */
  halfWidthRuns?: boolean;
}

function processor(lang: string, extra: PluggableList = [], traditional?: Edition['variant'], halfWidthRuns = false) {
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
      // Raw HTML becomes elements (parse5); a body without any skips that round trip.
      .use(rehypeRawWhereNeeded)
      // The project's own plugins: before the sanitiser, so whatever they add is sanitised too.
      .use(extra)
      .use(rehypeSanitize, sanitizeSchema)
      // Images only from the document's folder: no remote or file: src, no srcset.
      .use(rehypeLocalResources)
      // After sanitising, so heading ids are not given the user-content- prefix.
      .use(rehypeSlug)
      .use(rehypeFragmentLinks)
      // Simplified → Traditional: after the project's plugins (what they add is converted too) and the ids
      // (an anchor is the same in every edition), before the break passes split the text nodes.
      .use(traditional ? [[rehypeTraditional, traditional] as [typeof rehypeTraditional, Edition['variant']]] : [])
      // 着重号 over Chinese, italic over Latin (before the break passes split text nodes).
      .use(rehypeEmphasisByScript)
      .use(rehypeKeepLastTwo)
      .use(rehypeQuoteBreaks)
      .use(rehypeLongTokenBreaks)
      // Last of the text passes: the keep-last-two and break passes see whole text nodes.
      .use(halfWidthRuns ? [rehypeHalfWidthRuns] : [])
      .use(rehypeDropEmptyIds)
      .use(rehypeStringify)
  );
}

const processors = new Map<string, ReturnType<typeof processor>>();
const toHtml = processorFor({});

function processorFor({ lang = 'zh-CN', rehype, traditional, halfWidthRuns = false }: HastOptions): ReturnType<typeof processor> {
  const key = JSON.stringify([lang, rehype?.key ?? '', traditional ?? '', halfWidthRuns]);
  let found = processors.get(key);
  if (!found) processors.set(key, (found = processor(lang, rehype?.plugins, traditional, halfWidthRuns)));
  return found;
}

/**
 * mdast body → sanitised hast: headings with ids, images alone in a paragraph as figures, header cells with scope.
 * Asynchronous: a project's rehype plugin may return a Promise. The tree is
 * the caller's own copy, used up here (the tree stage's): not cloned again.
 */
export async function markdownToHast(tree: Root, options: HastOptions = {}): Promise<HastRoot> {
  let hast: HastRoot;
  try {
    hast = (await processorFor(options).run(tree)) as HastRoot;
  } catch (error) {
    throw tooDeepOr(error);
  }
  return finishHast(hast);
}

/** The same with paiban's own plugins only (all synchronous), for callers that have no project. */
export function markdownToHastSync(tree: Root, lang = 'zh-CN'): HastRoot {
  let hast: HastRoot;
  try {
    hast = processorFor({ lang }).runSync(structuredClone(tree)) as HastRoot;
  } catch (error) {
    throw tooDeepOr(error);
  }
  return finishHast(hast);
}

/** readDocumentSafely checks the depth first; this is the net under it. */
function tooDeepOr(error: unknown): unknown {
  return isStackOverflow(error) ? new UserError('is nested too deeply to convert to HTML (limit PAIBAN_MAX_DEPTH)') : error;
}

function finishHast(hast: HastRoot): HastRoot {
  imageParagraphsToFigures(hast);
  tableCells(hast);
  return hast;
}

export function hastToHtml(tree: HastRoot): string {
  return toHtml.stringify(tree);
}

/** mdast body → sanitised HTML fragment. */
export function markdownToHtml(tree: Root): string {
  return hastToHtml(markdownToHastSync(tree));
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
