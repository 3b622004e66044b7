import { FULL_WIDTH, isAsciiDigit, isCjk, isCjkOpening, isHan, isLatinLetter, isSpace } from './chars.ts';
import { protectedMask } from './protect.ts';

/**
 * Half-width punctuation in Chinese text → full-width (GB/T 15834-2011).
 *
 * "Chinese context" is judged from the neighbouring characters:
 * - a pause mark (, . ; : ? !) is Chinese when the text it closes is Chinese:
 *   walking left over digits, Latin letters and number signs (73.7%, 1+8, A股)
 *   without crossing a space reaches a Han character or a full-width mark.
 *   `,` `;` `:` are also Chinese when a Han character or an opening full-width
 *   mark follows directly (`Python,这`);
 * - a pause mark between two digits is part of a number (1,000 · 73.7 · 10:30
 *   · 2023.2.1), and `1.` at the start of a line is an ordinal (GB/T 15834
 *   §4.1.3.2 uses the half-width point after Arabic ordinals): both kept;
 * - a pause mark followed by a space and a Latin letter ends a Latin clause;
 * - brackets and quotes are decided as a pair: full-width when the content has
 *   a Han character, or when the pair stands next to Chinese text and is not
 *   attached to a Latin word or number (`f(x)`, `a(1)` stay). So `(1)` between
 *   Han characters becomes `（1）`, as GB/T 9704 numbers items;
 * - `...` and `。。。` become `……`; `--` and a single `—` between Chinese
 *   characters become `——`;
 * - URLs, e-mail addresses, inline code, math, HTML and link targets are
 *   never touched (see protect.ts).
 */

export type PunctuationRule =
  | 'cjk-comma'
  | 'cjk-full-stop'
  | 'cjk-semicolon'
  | 'cjk-colon'
  | 'cjk-question-mark'
  | 'cjk-exclamation-mark'
  | 'cjk-parenthesis'
  | 'cjk-quotation-mark'
  | 'cjk-ellipsis'
  | 'cjk-dash';

/** One change: `before` at UTF-16 `offset` of the input becomes `after`. */
export interface PunctuationFix {
  offset: number;
  before: string;
  after: string;
  rule: PunctuationRule;
}

export interface NormalizedText {
  text: string;
  fixes: PunctuationFix[];
}

const PAUSE_RULES: Readonly<Record<string, PunctuationRule>> = {
  ',': 'cjk-comma',
  '.': 'cjk-full-stop',
  ';': 'cjk-semicolon',
  ':': 'cjk-colon',
  '?': 'cjk-question-mark',
  '!': 'cjk-exclamation-mark',
};

/** Characters a number or a Latin word is made of, walked over to find the script around them. */
const WORD_OR_NUMBER = /^[A-Za-z0-9%‰.+\-·×/_'°℃]$/;

/**
 * Stands for a node that is not text (inline code, HTML, an image) when a
 * Markdown paragraph is joined into one string: neither Chinese nor Latin.
 */
export const OPAQUE = '\uFFFC';

export function normalizePunctuation(text: string): NormalizedText {
  const fixes = findPunctuationFixes(text);
  return { text: applyFixes(text, fixes), fixes };
}

/** Apply fixes (from findPunctuationFixes on the same text) in one pass. */
export function applyFixes(text: string, fixes: readonly PunctuationFix[]): string {
  let out = '';
  let at = 0;
  for (const fix of [...fixes].sort((a, b) => a.offset - b.offset)) {
    if (fix.offset < at) continue;
    out += text.slice(at, fix.offset) + fix.after;
    at = fix.offset + fix.before.length;
  }
  return out + text.slice(at);
}

export function findPunctuationFixes(text: string): PunctuationFix[] {
  return new PunctuationScan(text).run();
}

class PunctuationScan {
  private readonly mask: Uint8Array;
  /** Planned replacement per index, so later decisions see earlier ones. */
  private readonly planned = new Map<number, PunctuationFix>();

  constructor(private readonly text: string) {
    this.mask = protectedMask(text);
  }

  run(): PunctuationFix[] {
    this.pairBrackets();
    this.pairQuotes('“', '”', '"');
    this.pairQuotes('‘', '’', "'");
    this.scanMarks();
    return [...this.planned.values()].sort((a, b) => a.offset - b.offset);
  }

  // ── context ────────────────────────────────────────────────────────────

  /** The character at i as it will read after the fixes planned so far. */
  private charAt(i: number): string | undefined {
    if (i < 0 || i >= this.text.length) return undefined;
    const fix = this.planned.get(i);
    if (fix) return fix.after[0];
    const code = this.text.charCodeAt(i);
    if (code >= 0xdc00 && code <= 0xdfff && i > 0) return String.fromCodePoint(this.text.codePointAt(i - 1)!);
    return String.fromCodePoint(this.text.codePointAt(i)!);
  }

  private isProtected(i: number): boolean {
    return this.mask[i] === 1;
  }

  /** Is the text that ends just before index `end` Chinese? */
  private chineseBefore(end: number): boolean {
    for (let j = end - 1, steps = 0; j >= 0 && steps < 64; j--, steps++) {
      if (this.isProtected(j)) return false;
      const c = this.charAt(j)!;
      if (isCjk(c)) return true;
      if (!WORD_OR_NUMBER.test(c)) return false;
    }
    return false;
  }

  /** Does Chinese text start right at index `start` (a Han character or an opening mark)? */
  private chineseAt(start: number): boolean {
    if (this.isProtected(start)) return false;
    const c = this.charAt(start);
    return isHan(c) || isCjkOpening(c);
  }

  /** Like chineseBefore, but an ASCII pause mark that will become full-width counts as Chinese. */
  private chineseJustBefore(i: number): boolean {
    const c = this.charAt(i - 1);
    if (c !== undefined && c in PAUSE_RULES && !this.isProtected(i - 1)) return this.chineseBefore(i - 1);
    return isCjk(c);
  }

  private spacesFrom(i: number): number {
    let n = 0;
    while (isSpace(this.text[i + n]) && !this.isProtected(i + n)) n++;
    return n;
  }

  private plan(offset: number, before: string, after: string, rule: PunctuationRule): void {
    this.planned.set(offset, { offset, before, after, rule });
  }

  private hasHan(from: number, to: number): boolean {
    return /\p{Script=Han}/u.test(this.text.slice(from, to));
  }

  // ── brackets and quotes, decided as pairs ─────────────────────────────

  private pairBrackets(): void {
    const open: number[] = [];
    for (let i = 0; i < this.text.length; i++) {
      if (this.isProtected(i)) continue;
      const c = this.text[i];
      if (c === '(' || c === '（') open.push(i);
      else if ((c === ')' || c === '）') && open.length) this.decideBrackets(open.pop()!, i);
    }
  }

  private decideBrackets(o: number, c: number): void {
    if (this.text[o] === '（' && this.text[c] === '）') return;
    const before = this.charAt(o - 1);
    const attached = isLatinLetter(before) || isAsciiDigit(before);
    const chinese = this.hasHan(o + 1, c) || (!attached && (this.chineseJustBefore(o) || isCjk(this.charAt(c + 1))));
    if (!chinese) return;
    if (this.text[o] === '(') this.plan(o, '(', '（', 'cjk-parenthesis');
    if (this.text[c] === ')') this.plan(c, ')', '）', 'cjk-parenthesis');
  }

  private pairQuotes(left: string, right: string, straight: string): void {
    let open: number | undefined;
    for (let i = 0; i < this.text.length; i++) {
      if (this.isProtected(i)) continue;
      const c = this.text[i];
      if (c === "'" && this.isApostrophe(i, open !== undefined)) continue;
      if (c === left || (c === straight && open === undefined)) open = i;
      else if ((c === right || c === straight) && open !== undefined) {
        this.decideQuotes(open, i, left, right, straight);
        open = undefined;
      }
    }
  }

  /** `don't`, `students'`: a straight single quote after a Latin letter that opens nothing. */
  private isApostrophe(i: number, quoteOpen: boolean): boolean {
    if (!isLatinLetter(this.charAt(i - 1))) return false;
    return !quoteOpen || isLatinLetter(this.charAt(i + 1));
  }

  private decideQuotes(o: number, c: number, left: string, right: string, straight: string): void {
    if (this.text[o] !== straight && this.text[c] !== straight) return;
    const chinese = this.hasHan(o + 1, c) || this.chineseJustBefore(o) || isCjk(this.charAt(c + 1));
    if (!chinese) return;
    if (this.text[o] === straight) this.plan(o, straight, left, 'cjk-quotation-mark');
    if (this.text[c] === straight) this.plan(c, straight, right, 'cjk-quotation-mark');
  }

  // ── single marks, left to right ───────────────────────────────────────

  private scanMarks(): void {
    for (let i = 0; i < this.text.length; ) {
      if (this.isProtected(i) || this.planned.has(i)) {
        i++;
        continue;
      }
      i += this.scanAt(i);
    }
  }

  /** Decide the mark at i; returns how many characters were consumed. */
  private scanAt(i: number): number {
    const c = this.text[i]!;
    const run = this.runLength(i, c);
    if (c === '.' && run >= 3) return this.ellipsis(i, run, this.chineseBefore(i) || this.chineseAt(i + run));
    if (c === '。' && run >= 3) return this.ellipsis(i, run, true);
    if (c === '…' && run === 1) return this.ellipsis(i, run, this.chineseBefore(i) || this.chineseAt(i + 1));
    if (c === '-' && run === 2) return this.dash(i, run);
    if (c === '—' && run === 1) return this.dash(i, run);
    if (run === 1 && c in PAUSE_RULES) this.pause(i, c);
    return run;
  }

  private runLength(i: number, c: string): number {
    let n = 1;
    while (this.text[i + n] === c && !this.isProtected(i + n)) n++;
    return n;
  }

  private ellipsis(i: number, run: number, chinese: boolean): number {
    if (chinese) this.plan(i, this.text.slice(i, i + run), '……', 'cjk-ellipsis');
    return run;
  }

  private dash(i: number, run: number): number {
    if (isCjk(this.charAt(i - 1)) && isCjk(this.charAt(i + run)) && this.charAt(i - 1) !== '—' && this.charAt(i + run) !== '—') {
      this.plan(i, this.text.slice(i, i + run), '——', 'cjk-dash');
    }
    return run;
  }

  private pause(i: number, c: string): void {
    const prev = this.charAt(i - 1);
    const next = this.charAt(i + 1);
    // Inside a number: 1,000 · 73.7 · 10:30 · 2023.2.1.
    if (c !== '?' && c !== '!' && c !== ';' && isAsciiDigit(prev) && isAsciiDigit(next)) return;
    if (c === '.' && this.isOrdinal(i)) return;
    const spaces = this.spacesFrom(i + 1);
    const afterSpaces = this.charAt(i + 1 + spaces);
    // A Latin clause goes on after the mark: `中文, and more` keeps its comma.
    if (spaces > 0 && (isLatinLetter(afterSpaces) || isAsciiDigit(afterSpaces))) return;
    // `Node.js`, `v1.0`: a point followed by a letter or digit is not a full stop.
    if (c === '.' && (isLatinLetter(next) || isAsciiDigit(next))) return;

    const leftChinese = this.chineseBefore(i);
    const rightChinese = (c === ',' || c === ';' || c === ':') && prev !== undefined && !isSpace(prev) && prev !== '\n' && this.chineseAt(i + 1);
    if (!leftChinese && !rightChinese) return;
    // Full-width marks carry their own space: `，我们`, not `， 我们`.
    const swallow = spaces > 0 && (isCjk(afterSpaces) || afterSpaces === undefined) ? spaces : 0;
    this.plan(i, this.text.slice(i, i + 1 + swallow), FULL_WIDTH[c]!, PAUSE_RULES[c]!);
  }

  /** `1.` `12.` at the start of a line: an ordinal with its half-width point. */
  private isOrdinal(i: number): boolean {
    let j = i - 1;
    while (j >= 0 && isAsciiDigit(this.text[j])) j--;
    if (j === i - 1) return false;
    return j < 0 || this.text[j] === '\n';
  }
}
