import type { Nodes, Root, Text } from 'mdast';
import { visit } from 'unist-util-visit';
import { applyFixes, findPunctuationFixes, OPAQUE, type PunctuationFix } from '../cjk/punctuation.ts';

/** A punctuation fix inside one text node; `offset` is relative to `node.value`. */
export interface TextNodeFix extends PunctuationFix {
  node: Text;
}

/** Blocks whose children are inline content, normalised as one string each. */
const INLINE_CONTAINERS = new Set(['paragraph', 'heading', 'tableCell']);
/** Inline nodes whose text is normalised with their siblings (link URLs are attributes, never text). */
const TRANSPARENT = new Set(['emphasis', 'strong', 'delete', 'link', 'linkReference']);

interface Segment {
  node: Text;
  start: number;
}

/**
 * Find punctuation fixes in every paragraph, heading and table cell. The
 * inline content of one block is joined into one string, so context and quote
 * pairs reach across emphasis and links (`"**重点**"` pairs its quotes); code,
 * HTML, images and math stand in as an opaque character and are never changed.
 * A fix that would span two text nodes is left alone.
 */
export function findTreePunctuationFixes(tree: Root): TextNodeFix[] {
  const found: TextNodeFix[] = [];
  visit(tree, (node) => {
    if (!INLINE_CONTAINERS.has(node.type) || !('children' in node)) return;
    const segments: Segment[] = [];
    let joined = '';
    const walk = (child: Nodes): void => {
      if (child.type === 'text') {
        segments.push({ node: child, start: joined.length });
        joined += child.value;
      } else if (child.type === 'break') {
        joined += '\n';
      } else if (TRANSPARENT.has(child.type) && 'children' in child) {
        for (const grandchild of child.children) walk(grandchild as Nodes);
      } else {
        joined += OPAQUE;
      }
    };
    for (const child of node.children) walk(child as Nodes);
    for (const fix of findPunctuationFixes(joined)) {
      const segment = segments.findLast((s) => s.start <= fix.offset);
      if (!segment || fix.offset + fix.before.length > segment.start + segment.node.value.length) continue;
      found.push({ ...fix, node: segment.node, offset: fix.offset - segment.start });
    }
    return 'skip';
  });
  return found;
}

/** Apply the fixes to their text nodes; returns how many were made. */
export function normalizeTreePunctuation(tree: Root): number {
  const fixes = findTreePunctuationFixes(tree);
  const byNode = new Map<Text, TextNodeFix[]>();
  for (const fix of fixes) byNode.set(fix.node, [...(byNode.get(fix.node) ?? []), fix]);
  for (const [node, nodeFixes] of byNode) node.value = applyFixes(node.value, nodeFixes);
  return fixes.length;
}
