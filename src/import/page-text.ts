/**
 * What a web page shows as its text, before the import extracts the
 * article: its visible text blocks (to count the Han characters the import
 * kept, src/import/coverage.ts) and the parts hidden by CSS or `hidden`
 * (skipped, and named in a warning — a page whose body is `display:none`
 * until a script shows it would otherwise import as a few lines, silently).
 */

export interface PageTextBlock {
  /** `div#content.article`, for messages. */
  name: string;
  text: string;
  element: Element;
}

/** Site furniture around the article: never part of the main text. */
const FURNITURE_TAGS = new Set(['NAV', 'HEADER', 'FOOTER', 'ASIDE', 'FORM', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
const FURNITURE_ROLES = new Set(['navigation', 'banner', 'contentinfo']);
const BLOCK_TAGS = new Set(['P', 'LI', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'TD', 'TH', 'DT', 'DD', 'PRE', 'BLOCKQUOTE', 'CAPTION', 'FIGCAPTION', 'DIV', 'SECTION', 'ARTICLE', 'MAIN', 'BODY', 'TABLE', 'TR', 'UL', 'OL', 'DL', 'CENTER', 'FIGURE']);
const HIDING_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)/i;
/** Style sheet rules read for hiding selectors; a page has a few hundred. */
const MAX_RULES = 5000;

function isFurniture(element: Element): boolean {
  return FURNITURE_TAGS.has(element.tagName) || FURNITURE_ROLES.has(element.getAttribute('role') ?? '');
}

/**
 * Elements hidden by an inline style, the `hidden` attribute, or a page
 * style rule with a simple selector (`.x`, `#x`, `div.x`): one walk over
 * the page, outermost hidden element first (what is inside goes with it).
 */
export function findHiddenParts(document: Document): PageTextBlock[] {
  const rules = indexSelectors(hidingSelectors(document));
  const parts: PageTextBlock[] = [];
  const walk = (element: Element): void => {
    for (const child of Array.from(element.children)) {
      if (isFurniture(child)) continue;
      if (isHidden(child, rules)) {
        if (hanCount(child.textContent ?? '') > 0) parts.push({ name: nameOf(child), text: child.textContent ?? '', element: child });
      } else walk(child);
    }
  };
  if (document.body) walk(document.body as Element);
  return parts;
}

interface SimpleSelector {
  tag?: string;
  id?: string;
  classes: string[];
}

/** Selectors by their key (`#id`, `.class` or the tag): an element is tested only against those that name one of its own. */
type SelectorIndex = Map<string, SimpleSelector[]>;

function indexSelectors(selectors: readonly SimpleSelector[]): SelectorIndex {
  const index: SelectorIndex = new Map();
  for (const selector of selectors) {
    const key = selector.id ? `#${selector.id}` : selector.classes[0] ? `.${selector.classes[0]}` : selector.tag!;
    index.set(key, [...(index.get(key) ?? []), selector]);
  }
  return index;
}

function isHidden(element: Element, rules: SelectorIndex): boolean {
  if (element.hasAttribute('hidden') || HIDING_STYLE.test(element.getAttribute('style') ?? '')) return true;
  if (!rules.size) return false;
  const id = element.getAttribute('id') ?? '';
  const classes = new Set((element.getAttribute('class') ?? '').split(/\s+/).filter(Boolean));
  const keys = [element.tagName, ...(id ? [`#${id}`] : []), ...[...classes].map((c) => `.${c}`)];
  return keys.some((key) => rules.get(key)?.some((rule) => (!rule.tag || rule.tag === element.tagName) && (!rule.id || rule.id === id) && rule.classes.every((c) => classes.has(c))));
}

/** Simple selectors of `<style>` rules that hide: `.print-only { display: none }`, `#more, div.x { visibility: hidden }`. */
function hidingSelectors(document: Document): SimpleSelector[] {
  // An unclosed comment runs to the end, as in CSS (and keeps the scan linear: `/* ` repeated would not be).
  const css = Array.from(document.querySelectorAll('style')).map((style) => style.textContent ?? '').join('\n').replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '');
  const selectors: SimpleSelector[] = [];
  for (const rule of innermostRules(css, MAX_RULES)) {
    if (!HIDING_STYLE.test(rule.body.trim())) continue;
    for (const text of rule.prelude.split(',')) {
      // Only a tag, id and classes: no combinators, :hover, ::before or media-dependent hiding.
      const simple = /^([A-Za-z][A-Za-z0-9]*)?((?:[#.][\w-]+)*)$/.exec(text.trim());
      if (!simple || (!simple[1] && !simple[2])) continue;
      const parts = simple[2]!.match(/[#.][\w-]+/g) ?? [];
      selectors.push({
        ...(simple[1] ? { tag: simple[1].toUpperCase() } : {}),
        ...(parts.find((p) => p.startsWith('#')) ? { id: parts.find((p) => p.startsWith('#'))!.slice(1) } : {}),
        classes: parts.filter((p) => p.startsWith('.')).map((p) => p.slice(1)),
      });
    }
  }
  return selectors;
}

/**
 * The style sheet's innermost `prelude { body }` blocks, in one pass: the
 * prelude is the text since the last `{`, `}` or `@` (so an at-rule's own
 * block is not a rule, the rules inside it are). A regular expression such
 * as /([^{}@]+)\{([^{}]*)\}/g does the same but restarts its scan at every
 * character: 80 KB of style sheet without braces took 21 s.
 */
export function innermostRules(css: string, max: number): { prelude: string; body: string }[] {
  const rules: { prelude: string; body: string }[] = [];
  let preludeStart = 0;
  let open = -1;
  let openPrelude = '';
  for (let i = 0; i < css.length && rules.length < max; i++) {
    const c = css.charCodeAt(i);
    if (c === 0x7b /* { */) {
      openPrelude = css.slice(preludeStart, i);
      open = i;
      preludeStart = i + 1;
    } else if (c === 0x7d /* } */) {
      if (open >= 0 && openPrelude !== '') rules.push({ prelude: openPrelude, body: css.slice(open + 1, i) });
      open = -1;
      preludeStart = i + 1;
    } else if (c === 0x40 /* @ */) {
      // `@media x {` has no selector; an `@` inside a block's body is just text.
      preludeStart = i + 1;
    }
  }
  return rules;
}

/**
 * The visible text blocks outside the site's furniture: each text node is
 * counted in its nearest block, so a paragraph is one block however many
 * inline elements it holds.
 */
export function pageTextBlocks(document: Document): PageTextBlock[] {
  const blocks = new Map<Element, string>();
  const body = document.body as Element | null;
  if (!body) return [];
  const walk = (node: Node, block: Element): void => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) blocks.set(block, (blocks.get(block) ?? '') + (child.textContent ?? ''));
      else if (child.nodeType === 1) {
        const element = child as Element;
        if (isFurniture(element)) continue;
        walk(element, BLOCK_TAGS.has(element.tagName) ? element : block);
      }
    }
  };
  walk(body, body);
  return [...blocks].filter(([, text]) => hanCount(text) > 0).map(([element, text]) => ({ name: nameOf(element), text, element }));
}

export function hanCount(text: string): number {
  return text.match(/\p{Script=Han}/gu)?.length ?? 0;
}

/**
 * `div#content.article.main`, or `div.sidebar p` for a plain element inside
 * a named one: how a developer would find the element in the page.
 */
function nameOf(element: Element): string {
  if (!element.getAttribute('id') && !element.getAttribute('class')) {
    for (let up = element.parentElement; up && up.tagName !== 'BODY'; up = up.parentElement) {
      if (up.getAttribute('id') || up.getAttribute('class')) return `${ownName(up)} ${ownName(element)}`;
    }
  }
  return ownName(element);
}

function ownName(element: Element): string {
  const id = element.getAttribute('id');
  const classes = (element.getAttribute('class') ?? '').split(/\s+/).filter(Boolean).slice(0, 3);
  return `${element.tagName.toLowerCase()}${id ? `#${id}` : ''}${classes.map((c) => `.${c}`).join('')}`;
}
