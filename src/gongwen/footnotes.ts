import type { FootnoteDefinition, Root, Text } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import { plainText } from '../markdown/official.ts';

/**
 * A 公文 has no footnotes (GB/T 9704-2012 knows only the 附注, §7.3.6):
 * each footnote's text becomes a 附注 line (注1：…), its call a raised 注1
 * that keeps its line on the grid, and the author is told once per note.
 * Changes `tree`; returns the notes in the order they are called.
 */
export function footnotesToNotes(tree: Root): { notes: string[]; lines: number[] } {
  const definitions = new Map<string, FootnoteDefinition>();
  visit(tree, 'footnoteDefinition', (node, index, parent) => {
    if (!definitions.has(node.identifier)) definitions.set(node.identifier, node);
    if (parent && index !== undefined) {
      parent.children.splice(index, 1);
      return [SKIP, index];
    }
    return undefined;
  });
  const numbers = new Map<string, number>();
  visit(tree, 'footnoteReference', (node, index, parent) => {
    if (!parent || index === undefined || !definitions.has(node.identifier)) return;
    let n = numbers.get(node.identifier);
    if (n === undefined) numbers.set(node.identifier, (n = numbers.size + 1));
    // A word joiner keeps the call on the line of the text it follows.
    const call: Text = { type: 'text', value: `注${n}`, data: { hName: 'sup', hChildren: [{ type: 'text', value: `\u2060注${n}` }] } as Text['data'] };
    parent.children.splice(index, 1, call);
  });
  const called = [...numbers].sort((a, b) => a[1] - b[1]);
  return {
    notes: called.map(([id, n]) => `注${n}：${plainText(definitions.get(id)!).trim()}`),
    lines: called.map(([id]) => definitions.get(id)!.position?.start.line ?? 0),
  };
}
