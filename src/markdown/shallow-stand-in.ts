/**
 * Two shapes make the CommonMark parser slow in their nesting depth, for a
 * tree that the depth rule then refuses anyway: a run of thousands of `*` or
 * `_` on both sides of a text (`***…深***…`, ~20 s for 5,000 each), and a
 * list nested one level per line (400 lines, each indented two more columns:
 * over 30 s). For these the parse worker first parses a stand-in: the same
 * lines, with only the nesting far beyond the limit cut away, so that it
 * still breaks the limit at the same node. When the stand-in is refused, that
 * is the document's verdict (same message, same line); when it is not, the
 * document itself is parsed. So a stand-in never refuses what the document
 * would not, and only ever spares parsing what would be refused.
 *
 * Returns undefined when there is nothing to cut (nearly every document).
 */
export function shallowStandIn(markdown: string, maxDepth: number): string | undefined {
  // Cheap first look: a run of 2·maxDepth marks, or a deeply indented list line.
  // (A limit as long as the text itself cannot be broken by these shapes: nothing to build a hint from.)
  const marks = 2 * maxDepth + 2;
  if (marks > markdown.length) return undefined;
  const emphasisHint = markdown.includes('*'.repeat(marks)) || markdown.includes('_'.repeat(marks));
  const listHint = markdown.includes('\n' + ' '.repeat(maxDepth));
  if (!emphasisHint && !listHint) return undefined;
  const lines = markdown.split('\n');
  const cutRuns = emphasisHint && cutEmphasisRuns(lines, marks);
  const cutChains = listHint && cutListChains(lines, maxDepth);
  return cutRuns || cutChains ? lines.join('\n') : undefined;
}

/** Text between the runs: starts and ends with a letter or digit; nothing that could be or hide a delimiter. */
const PLAIN_CONTENT = /^[\p{L}\p{N}](?:[^*_\\`<>[\]!&~:@.|]*[\p{L}\p{N}])?$/u;

/**
 * A line that is a run of one mark, a plain text, and a run of the same mark
 * (`*`×k 深 `*`×m): the closing run meets the opening run first, so they nest
 * min(k, m) marks deep, whatever lines surround them. Both runs lose the same
 * multiple of 6 marks, keeping at least `keep`: what is left over on either side
 * (and so anything it pairs with elsewhere) is unchanged, and the nest is
 * still deeper than the limit, the same from the outside in.
 */
function cutEmphasisRuns(lines: string[], keep: number): boolean {
  let changed = false;
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const mark = line[0];
    if ((mark !== '*' && mark !== '_') || line.length < 2 * keep) return;
    let open = 0;
    while (line[open] === mark) open++;
    let close = 0;
    while (close < line.length - open && line[line.length - 1 - close] === mark) close++;
    const drop = 6 * Math.floor((Math.min(open, close) - keep) / 6);
    if (drop <= 0 || !PLAIN_CONTENT.test(line.slice(open, line.length - close))) return;
    lines[i] = line.slice(drop, line.length - drop) + raw.slice(line.length);
    changed = true;
  });
  return changed;
}

/** `- text` at its indentation: a bullet, one space, and a paragraph's first letter or digit. */
const BULLET_ITEM = /^( *)[-+*] [\p{L}\p{N}]/u;

/**
 * Consecutive lines that are bullet items, each starting in the content
 * column of the one above (up to 3 columns further): each is nested in the
 * one above. Beyond `levels` of them, the items become siblings of the last
 * kept level (re-indented to it): up to there the tree is the same, and its
 * paragraphs are already deeper than the limit.
 */
function cutListChains(lines: string[], maxDepth: number): boolean {
  // The paragraph of the item `levels` deep in the chain is at depth 2·levels + 3 at least.
  const levels = Math.floor(maxDepth / 2) + 1;
  let changed = false;
  let chain = 0;
  let indent = 0;
  let keptIndent = '';
  lines.forEach((raw, i) => {
    const item = BULLET_ITEM.exec(raw);
    const at = item ? item[1]!.length : -1;
    if (item && chain > 0 && at >= indent + 2 && at <= indent + 5) chain++;
    else chain = item && at <= 3 ? 1 : 0;
    if (!chain) return;
    indent = at;
    if (chain === levels) keptIndent = item![1]!;
    if (chain > levels) {
      lines[i] = keptIndent + raw.slice(at);
      changed = true;
    }
  });
  return changed;
}
