import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

/** What the sanitiser puts before every id and name the source gives (DOM clobbering: `<img name="getElementById">`). */
export const CLOBBER_PREFIX = 'user-content-';

/**
 * In-page links to ids the source wrote (footnotes, raw `<a id>`) point at
 * the prefixed id the sanitiser gave the element, as GitHub's script does
 * in the browser; links to heading slugs (made after sanitising) and to
 * ids that exist as written are left as they are.
 */
export function rehypeFragmentLinks() {
  return (tree: Root) => {
    const ids = new Set<string>();
    visit(tree, 'element', (node: Element) => {
      if (typeof node.properties['id'] === 'string') ids.add(node.properties['id']);
    });
    visit(tree, 'element', (node: Element) => {
      const href = node.properties['href'];
      if (typeof href !== 'string' || !href.startsWith('#')) return;
      let target = href.slice(1);
      try {
        target = decodeURIComponent(target);
      } catch {
        // Not percent-encoded: compare as written.
      }
      if (!ids.has(target) && ids.has(CLOBBER_PREFIX + target)) node.properties['href'] = `#${CLOBBER_PREFIX}${href.slice(1)}`;
    });
  };
}
