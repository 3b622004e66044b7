import type { Nodes, Root, Text } from 'mdast';
import { visit } from 'unist-util-visit';
import { applyFixes, findPunctuationFixes, OPAQUE, type PunctuationFix } from '../cjk/punctuation.ts';
import { foreignLangSpanRanges, isForeignLang, KeptRegion, keptBlocks } from './verbatim.ts';

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
 * A fix that would span two text nodes is left alone. Text the author keeps
 * as typed is opaque too: another language's span and verbatim elements
 * (see verbatim.ts).
 */
export function findTreePunctuationFixes(tree: Root): TextNodeFix[] {
  const found: TextNodeFix[] = [];
  const kept = keptBlocks(tree);
  visit(tree, (node) => {
    if (kept.has(node as Nodes)) return 'skip';
    if (!INLINE_CONTAINERS.has(node.type) || !('children' in node)) return;
    const segments: Segment[] = [];
    let joined = '';
    const region = new KeptRegion();
    const walk = (child: Nodes): void => {
      if (child.type === 'html') {
        region.see(child);
        joined += OPAQUE;
      } else if (region.keep() || (child.type === 'emphasis' && isForeignLang(spanLang(child)))) {
        joined += OPAQUE;
      } else if (child.type === 'text') {
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
    const foreign = foreignLangSpanRanges(joined);
    for (const fix of findPunctuationFixes(joined)) {
      if (foreign.some(([start, end]) => fix.offset >= start && fix.offset < end)) continue;
      const segment = segments.findLast((s) => s.start <= fix.offset);
      if (!segment || fix.offset + fix.before.length > segment.start + segment.node.value.length) continue;
      found.push({ ...fix, node: segment.node, offset: fix.offset - segment.start });
    }
    return 'skip';
  });
  return found;
}

/** The `lang` of a `[…]{lang=en}` span (langSpans makes it an emphasis node rendered as `<span lang>`). */
function spanLang(node: Nodes): string | undefined {
  const lang = (node.data as { hProperties?: Record<string, unknown> } | undefined)?.hProperties?.['lang'];
  return typeof lang === 'string' ? lang : undefined;
}

/** Apply the fixes to their text nodes; returns how many were made. */
export function normalizeTreePunctuation(tree: Root): number {
  const fixes = findTreePunctuationFixes(tree);
  const byNode = new Map<Text, TextNodeFix[]>();
  for (const fix of fixes) byNode.set(fix.node, [...(byNode.get(fix.node) ?? []), fix]);
  for (const [node, nodeFixes] of byNode) node.value = applyFixes(node.value, nodeFixes);
  return fixes.length;
}

/** The build note saying how many of the author's marks the build changed, and how to make that the source. */
export function punctuationNote(count: number): string {
  return `${count} half-width mark${count === 1 ? '' : 's'} set full-width; paiban lint --fix writes ${count === 1 ? 'it' : 'them'} to the source (punctuation: false keeps them as typed)`;
}

