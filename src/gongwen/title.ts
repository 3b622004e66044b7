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
    // Every way to cut is tried only while there are few: a long title (or a hostile one) is filled greedily instead.
    if (binomial(breaks.length, lines - 1) > MAX_CUTS_TRIED) break;
    for (const cuts of combinations(breaks.map((b) => b.at), lines - 1)) {
      const bounds = [0, ...cuts, chars.length];
      const lengths = bounds.slice(1).map((end, i) => end - bounds[i]!);
      if (lengths.some((n) => n > maxChars || n < 2)) continue;
      const cost = shapeCost(lengths) + cuts.reduce((sum, at) => sum + breaks.find((b) => b.at === at)!.cost, 0);
      if (!best || cost < best.cost) best = { cost, cuts };
    }
  }
  // No word boundary gives lines that fit: even cuts. Too many ways to try (a title of five lines or
  // more, or a hostile one): each line as full as a boundary allows.
  const searched = binomial(breaks.length, lineCount - 1) <= MAX_CUTS_TRIED;
  const cuts = best?.cuts ?? (searched ? Array.from({ length: lineCount - 1 }, (_, i) => Math.round(((i + 1) * chars.length) / lineCount)) : fillCuts(chars.length, breaks, maxChars));
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

/** Sets of cuts tried at most: all of a four-line title's (C(60, 3) ≈ 34,000), not a hundred-character one's. */
const MAX_CUTS_TRIED = 50_000;

/** n choose k, stopping once past the limit (it only needs to be compared with it). */
function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k && result <= MAX_CUTS_TRIED; i++) result = (result * (n - k + i)) / i;
  return k < 0 || k > n ? 0 : result;
}

/** Greedy cuts: each line ends at the last boundary that fits, or at the full width when none does. */
function fillCuts(length: number, breaks: { at: number }[], maxChars: number): number[] {
  const cuts: number[] = [];
  let start = 0;
  let next = 0; // the first boundary not yet passed: the breaks are in order
  while (length - start > maxChars) {
    let fitting: number | undefined;
    while (next < breaks.length && breaks[next]!.at <= start + maxChars) {
      if (breaks[next]!.at > start + 1) fitting = breaks[next]!.at;
      next++;
    }
    start = fitting ?? start + maxChars;
    cuts.push(start);
  }
  return cuts;
}

function* combinations(items: number[], k: number, from = 0): Generator<number[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let i = from; i <= items.length - k; i++) for (const rest of combinations(items, k - 1, i + 1)) yield [items[i]!, ...rest];
}
