/**
 * Breaking a 公文 title into lines (GB/T 9704-2012 §7.3.1): 词意完整，排列
 * 对称，长短适宜 — break only between words, never inside a bracketed or
 * quoted name, and prefer a trapezoid (each line no longer than the next)
 * or a diamond (the middle line longest) with lines of similar length.
 */

/** Characters of 2号 (22 pt) a 156 mm line holds: 156 mm = 442.2 pt, 20 characters. */
export const TITLE_LINE_CHARS = 20;

const OPENING = '《〈“‘（〔【「『';
const CLOSING = '》〉”’）〕】」』';
const NO_LINE_START = `，。、；：？！…—${CLOSING}`;

/**
 * The title's lines. A title already written on several lines (a YAML block
 * scalar, an imported two-line title) keeps the author's breaks.
 */
export function breakTitle(title: string, maxChars = TITLE_LINE_CHARS): string[] {
  const given = title.split(/\n+/).map((line) => line.trim()).filter(Boolean);
  if (given.length > 1) return given;
  const chars = [...title.trim()];
  if (chars.length <= maxChars) return [chars.join('')];
  const breaks = breakPoints(chars);
  const lineCount = Math.ceil(chars.length / maxChars);
  let best: { cost: number; cuts: number[] } | undefined;
  for (let lines = lineCount; lines <= lineCount + 1 && !best; lines++) {
    for (const cuts of combinations(breaks.map((b) => b.at), lines - 1)) {
      const bounds = [0, ...cuts, chars.length];
      const lengths = bounds.slice(1).map((end, i) => end - bounds[i]!);
      if (lengths.some((n) => n > maxChars || n < 2)) continue;
      const cost = shapeCost(lengths) + cuts.reduce((sum, at) => sum + breaks.find((b) => b.at === at)!.cost, 0);
      if (!best || cost < best.cost) best = { cost, cuts };
    }
  }
  // No word boundary gives lines that fit: fall back to even cuts.
  const cuts = best?.cuts ?? Array.from({ length: lineCount - 1 }, (_, i) => Math.round(((i + 1) * chars.length) / lineCount));
  const bounds = [0, ...cuts, chars.length];
  return bounds.slice(1).map((end, i) => chars.slice(bounds[i], end).join(''));
}

/**
 * Where a line may end, with a cost: word boundaries from ICU's dictionary
 * segmenter; a boundary next to a one-character segment (ICU splits words
 * it does not know into characters, 营|商) costs more than one between two
 * words, and one between two such characters most. A title ICU breaks
 * badly can be written on several lines in the front matter.
 */
function breakPoints(chars: string[]): { at: number; cost: number }[] {
  const text = chars.join('');
  const segments = [...new Intl.Segmenter('zh', { granularity: 'word' }).segment(text)];
  const points: { at: number; cost: number }[] = [];
  let depth = 0;
  let at = 0;
  for (const [i, segment] of segments.entries()) {
    for (const ch of segment.segment) {
      if (OPENING.includes(ch)) depth++;
      else if (CLOSING.includes(ch)) depth = Math.max(0, depth - 1);
    }
    at += [...segment.segment].length;
    const next = segments[i + 1];
    if (!next || depth > 0) continue;
    const last = [...segment.segment].at(-1)!;
    if (NO_LINE_START.includes(next.segment[0]!) || OPENING.includes(last)) continue;
    const singles = [segment.segment, next.segment].filter((s) => [...s].length === 1 && !OPENING.includes(s) && !CLOSING.includes(s)).length;
    // The particle 的 and the preposition 关于 start a new sense group well: break before them.
    const before = next.segment === '关于' || next.segment === '的' ? -1 : 0;
    points.push({ at, cost: [0, 2, 6][singles]! + before + (next.segment === '的' ? 4 : 0) });
  }
  return points;
}

/** A trapezoid (lines growing) or a diamond (middle longest), lines close in length. */
function shapeCost(lengths: number[]): number {
  const spread = Math.max(...lengths) - Math.min(...lengths);
  const growing = lengths.every((n, i) => i === 0 || n >= lengths[i - 1]!);
  const middle = lengths.length === 3 && lengths[1]! >= lengths[0]! && lengths[1]! >= lengths[2]!;
  return spread + (growing || middle ? 0 : 5);
}

function* combinations(items: number[], k: number, from = 0): Generator<number[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let i = from; i <= items.length - k; i++) for (const rest of combinations(items, k - 1, i + 1)) yield [items[i]!, ...rest];
}
