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
const FURNITURE = 'nav, header, footer, aside, form, script, style, noscript, template, [role="navigation"], [role="banner"], [role="contentinfo"]';
const BLOCK_TAGS = new Set(['P', 'LI', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'TD', 'TH', 'DT', 'DD', 'PRE', 'BLOCKQUOTE', 'CAPTION', 'FIGCAPTION', 'DIV', 'SECTION', 'ARTICLE', 'MAIN', 'BODY', 'TABLE', 'TR', 'UL', 'OL', 'DL', 'CENTER', 'FIGURE']);
const HIDING_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)/i;
/** Style sheet rules read for hiding selectors; a page has a few hundred. */
const MAX_RULES = 5000;

/** Elements hidden by an inline style, the `hidden` attribute, or a page style rule with a simple selector. */
export function findHiddenParts(document: Document): PageTextBlock[] {
  const hidden = new Set<Element>();
  for (const element of Array.from(document.querySelectorAll('[style], [hidden]'))) {
    if (element.hasAttribute('hidden') || HIDING_STYLE.test(element.getAttribute('style') ?? '')) hidden.add(element);
  }
  for (const selector of hidingSelectors(document)) {
    try {
      for (const element of Array.from(document.querySelectorAll(selector))) hidden.add(element);
    } catch {
      // A selector linkedom cannot read: the page's own CSS, not ours to judge.
    }
  }
  // The outermost hidden element names the part; what is inside it goes with it.
  const outermost = [...hidden].filter((element) => {
    for (let up = element.parentElement; up; up = up.parentElement) if (hidden.has(up)) return false;
    return true;
  });
  return outermost
    .filter((element) => element.tagName !== 'BODY' && element.tagName !== 'HTML' && !element.closest(FURNITURE) && hanCount(element.textContent ?? '') > 0)
    .map((element) => ({ name: nameOf(element), text: element.textContent ?? '', element }));
}

/** Selectors of `<style>` rules that hide: `.fulltext { display: none }`, `#more, .x { visibility: hidden }`. */
function hidingSelectors(document: Document): string[] {
  const css = Array.from(document.querySelectorAll('style')).map((style) => style.textContent ?? '').join('\n').replace(/\/\*[\s\S]*?\*\//g, '');
  const selectors: string[] = [];
  const rule = /([^{}@]+)\{([^{}]*)\}/g;
  let count = 0;
  for (let m = rule.exec(css); m && count < MAX_RULES; m = rule.exec(css), count++) {
    if (!HIDING_STYLE.test(m[2]!.trim())) continue;
    // Only plain selectors: no :hover, ::before or media-dependent hiding.
    selectors.push(...m[1]!.split(',').map((s) => s.trim()).filter((s) => s && /^[A-Za-z0-9_#.\-\s>*]+$/.test(s)));
  }
  return selectors;
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
        if (element.matches(FURNITURE)) continue;
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
