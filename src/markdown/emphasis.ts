import type { Element, ElementContent, Root, Text } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import { isCjk, isHan } from '../cjk/chars.ts';

/** The class of an `<em>` over Latin (non-Han) text: set italic, not with 着重号 dots. */
export const LATIN_EMPHASIS = 'latin';

/**
 * `*…*` means 着重号 over Chinese and italic over anything else: dots under
 * a conference name or a book title in English were a finding (issue 17).
 * An `<em>` with no Han character gets the class `latin` (styles/cjk.css
 * sets it italic); a mixed one is split into sibling `<em>`s, the Chinese
 * runs dotted, the other runs italic. Each piece is still an `<em>`, so the
 * PDF tags it Em and screen readers hear emphasis as before.
 */
export function rehypeEmphasisByScript() {
  return (tree: Root): void => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'em' || !parent || index === undefined) return;
      const text = toString(node);
      if (![...text].some(isHan)) {
        addClass(node, LATIN_EMPHASIS);
        return 'skip';
      }
      const pieces = splitByScript(node);
      parent.children.splice(index, 1, ...pieces);
      return ['skip', index + pieces.length];
    });
  };
}

/**
 * One `<em>` per run of children: text is cut where Chinese (Han and
 * full-width marks) meets other script; an element child goes with the run
 * its own text belongs to (Chinese if it has any Han).
 */
function splitByScript(em: Element): Element[] {
  const runs: { chinese: boolean; children: ElementContent[] }[] = [];
  const push = (chinese: boolean, child: ElementContent): void => {
    const last = runs.at(-1);
    if (last && last.chinese === chinese) {
      const previous = last.children.at(-1);
      if (previous?.type === 'text' && child.type === 'text') previous.value += child.value;
      else last.children.push(child);
    } else runs.push({ chinese, children: [child] });
  };
  for (const child of em.children) {
    if (child.type === 'text') {
      for (const piece of textRuns(child.value)) push(piece.chinese, { type: 'text', value: piece.value } satisfies Text);
    } else if (child.type === 'element') {
      push([...toString(child)].some(isHan), child);
    } else {
      push(runs.at(-1)?.chinese ?? true, child);
    }
  }
  return runs.map((run, i) => {
    const piece: Element = { ...em, properties: { ...em.properties }, children: run.children };
    // The first piece keeps the position (and an id, if the author gave one); the others get no copy of the id.
    if (i > 0) {
      delete piece.properties['id'];
      delete piece.position;
    }
    if (!run.chinese) addClass(piece, LATIN_EMPHASIS);
    return piece;
  });
}

/**
 * Runs of Chinese (Han, full-width marks) and other letters. Spaces, digits
 * and marks shared by both (“ ” ·) join the run they stand in, so dots
 * stop at the last Han character and italics cover whole Latin words.
 */
function textRuns(value: string): { chinese: boolean; value: string }[] {
  const out: { chinese: boolean; value: string }[] = [];
  for (const char of value) {
    const kind = isCjk(char) ? true : /\p{L}/u.test(char) ? false : undefined;
    const last = out.at(-1);
    if (last && (kind === undefined || kind === last.chinese)) last.value += char;
    else out.push({ chinese: kind ?? false, value: char });
  }
  // A neutral run before the first letter (“ before English, 2024 before 年) leans on what follows.
  if (out.length > 1 && !/\p{L}/u.test(out[0]!.value) && !isCjk([...out[0]!.value][0])) {
    const first = out.shift()!;
    out[0]!.value = first.value + out[0]!.value;
  }
  return out;
}

function addClass(node: Element, name: string): void {
  const existing = node.properties['className'];
  const list = Array.isArray(existing) ? existing.map(String) : existing ? String(existing).split(/\s+/) : [];
  if (!list.includes(name)) node.properties['className'] = [...list, name];
}
