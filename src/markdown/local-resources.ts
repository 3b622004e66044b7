import type { Element, Root } from 'hast';
import path from 'node:path';
import { visit } from 'unist-util-visit';

/** Properties through which an element loads a resource (after sanitising, only img src and source srcset remain). */
const RESOURCE_PROPERTIES = ['src', 'srcSet', 'poster', 'longDesc', 'data', 'background'] as const;

/**
 * The sanitiser allows `<img src="http://…">` and `<source srcset>` (GitHub's
 * schema): in paiban's outputs they would be a tracking pixel for every
 * reader of the HTML, and a request the renderer has to refuse. Keep only
 * plain relative references, i.e. files of the document's folder.
 */
export function rehypeLocalResources() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      for (const name of RESOURCE_PROPERTIES) {
        const value = node.properties[name];
        if (value === undefined || value === null) continue;
        if (name === 'srcSet' || !isLocalReference(String(value))) delete node.properties[name];
        else node.properties[name] = validUrl(String(value));
      }
      const href = node.properties['href'];
      if (typeof href === 'string') node.properties['href'] = validUrl(href);
    });
  };
}

/** `images/map.png`, not `http:`, `file:`, `data:`, `//host/`, `/etc/…` or `\\\\server\\…`. */
export function isLocalReference(url: string): boolean {
  const value = url.trim();
  if (value === '' || /^[a-z][a-z0-9+.-]*:/i.test(value) || /^[\\/]/.test(value) || /[\u0000-\u001f]/.test(value)) return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value.split(/[?#]/)[0] ?? '');
  } catch {
    return false;
  }
  const normal = path.posix.normalize(decoded.replace(/\\/g, '/'));
  return normal !== '..' && !normal.startsWith('../') && !normal.startsWith('/');
}

/**
 * Percent-encode what raw HTML may put in a URL but a valid HTML document may
 * not (the Nu Html Checker rejects `<a href="/bar\\/)">`): backslashes, spaces,
 * quotes, `<>^`{|}`, control characters, and a `%` that starts no escape.
 * Non-ASCII stays as typed (an IRI, valid in HTML).
 */
export function validUrl(url: string): string {
  return url.trim().replace(/%(?![0-9A-Fa-f]{2})|[\u0000-\u0020\u007f"<>\\^`{|}]/g, (c) =>
    [...Buffer.from(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

/** An empty heading gets `id=""` from rehype-slug, which is invalid HTML: drop it. */
export function rehypeDropEmptyIds() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.properties['id'] === '') delete node.properties['id'];
    });
  };
}
