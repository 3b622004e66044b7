import type { Element, Root, RootContent } from 'hast';
import rehypeRaw from 'rehype-raw';
import type { VFile } from 'vfile';
import { visit, EXIT } from 'unist-util-visit';

/**
 * rehype-raw where the tree holds raw HTML, else what its parse5 round trip
 * would have changed, done directly. The round trip re-parses the whole body
 * (~65 ms for 30 pages of text, ~250 ms for 100) even when the source has no
 * HTML at all. Compared over the test fixtures, the sample, the real-sized
 * bench documents and every CommonMark and GFM example without HTML, it
 * changed only these, and the same trees come out here:
 * - adjacent text nodes merged, empty ones dropped;
 * - a `data-*` flag set to `true` written as "" (`data-footnotes=""`), a
 *   property set to `false` (a task's `checked`) gone;
 * - the newline that opens a code block's text dropped (parse5 skips a
 *   newline after `<pre>` even with `<code>` between);
 * - elements' `data` (a code block's meta string) gone, the root's set to
 *   parse5's document mode.
 * (Positions differ: parse5 gives merged text none. Nothing after this step reads them.)
 */
export function rehypeRawWhereNeeded() {
  const parseRaw = rehypeRaw();
  return (tree: Root, file: VFile): Root => {
    if (hasRaw(tree)) return parseRaw(tree, file);
    asParse5WouldHave(tree);
    tree.data = { quirksMode: false };
    return tree;
  };
}

function hasRaw(tree: Root): boolean {
  let found = false;
  visit(tree, 'raw', () => {
    found = true;
    return EXIT;
  });
  return found;
}

function asParse5WouldHave(node: Root | Element): void {
  if (node.type === 'element') {
    delete node.data;
    for (const [key, value] of Object.entries(node.properties)) {
      if (value === true && /^data[A-Z]/.test(key)) node.properties[key] = '';
      else if (value === false || value === null || value === undefined || Number.isNaN(value)) delete node.properties[key];
    }
    if (node.tagName === 'pre') dropOpeningNewline(node);
  }
  const children: RootContent[] = [];
  for (const child of node.children) {
    const last = children[children.length - 1];
    if (child.type === 'text') {
      if (!child.value) continue;
      if (last?.type === 'text') {
        last.value += child.value;
        continue;
      }
    }
    children.push(child);
  }
  node.children = children as typeof node.children;
  for (const child of children) if (child.type === 'element') asParse5WouldHave(child);
}

/** `<pre>`'s first text (inside its `<code>`, if it opens with one) loses one leading newline. */
function dropOpeningNewline(pre: Element): void {
  const first = pre.children[0];
  const holder = first?.type === 'element' && first.tagName === 'code' ? first : pre;
  const text = holder.children[0];
  if (text?.type === 'text' && text.value.startsWith('\n')) text.value = text.value.slice(1);
}
