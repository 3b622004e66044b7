/**
 * Character classes and punctuation tables for Chinese text (W3C clreq,
 * GB/T 15834-2011). The normaliser, the linter, line breaking and URL
 * protection ask these questions here, so they agree on what "Chinese"
 * means. (The importer's patterns, src/import/, still spell the class out.)
 */

const HAN = /^\p{Script=Han}$/u;
const LATIN_LETTER = /^\p{Script=Latin}$/u;
const CJK_LETTER = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}]$/u;

/**
 * A regular-expression class body (for `[…]` or `[^…]`, flag `u`) of the
 * characters that make text around them Chinese: Han, CJK symbols and
 * punctuation (U+3000–303F), full-width forms (U+FF00–FFEF), curly quotes.
 */
export const CJK_TEXT_CLASS = '\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef“”‘’';

/** A Han character (汉字), including 〇 and the extension blocks. */
export function isHan(char: string | undefined): boolean {
  return char !== undefined && HAN.test(char);
}

/** A letter of a CJK script: Han (with extensions and compatibility forms), kana, bopomofo. */
export function isCjkLetter(char: string | undefined): boolean {
  return char !== undefined && CJK_LETTER.test(char);
}

/** A Latin letter, with or without diacritics (hàn zì counts). */
export function isLatinLetter(char: string | undefined): boolean {
  return char !== undefined && LATIN_LETTER.test(char);
}

export function isAsciiDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

export function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\u3000' || char === '\u00a0';
}

/** Opening full-width marks: quotes, brackets, book-title marks. */
export const CJK_OPENING = '“‘（〔［｛〈《「『【〖';
/** Closing full-width marks. */
export const CJK_CLOSING = '”’）〕］｝〉》」』】〗';
/** Marks that end or divide a sentence (点号). */
export const CJK_PAUSES = '，。、；：？！';
/** Every full-width punctuation mark used in Chinese text. */
export const CJK_PUNCTUATION = `${CJK_PAUSES}${CJK_OPENING}${CJK_CLOSING}…—·～`;

export function isCjkPunctuation(char: string | undefined): boolean {
  return char !== undefined && char.length > 0 && CJK_PUNCTUATION.includes(char);
}

export function isCjkOpening(char: string | undefined): boolean {
  return char !== undefined && char.length > 0 && CJK_OPENING.includes(char);
}

/** Han or full-width punctuation: a character that makes its surroundings Chinese text. */
export function isCjk(char: string | undefined): boolean {
  return isHan(char) || isCjkPunctuation(char);
}

/**
 * ASCII punctuation and its full-width counterpart in Chinese text
 * (GB/T 15834-2011 §4; the full stop is 。, not ．).
 */
export const FULL_WIDTH: Readonly<Record<string, string>> = {
  ',': '，',
  '.': '。',
  ';': '；',
  ':': '：',
  '?': '？',
  '!': '！',
  '(': '（',
  ')': '）',
};

/**
 * clreq §3.1.7 line-start prohibition (行首禁则): pauses, closing marks, the
 * middle dot and connectors never begin a line; nor, by this project's rule
 * (issue 3), does the ellipsis. The dash may: `——经济运行趋稳向好。` opens
 * paragraphs. Units such as % stay with their number.
 */
export const NO_LINE_START = `${CJK_PAUSES}${CJK_CLOSING}…·～〜%‰℃°`;

/** clreq §3.1.7 line-end prohibition (行尾禁则): opening marks never end a line. */
export const NO_LINE_END = CJK_OPENING;

/** Sequences that must never be split across lines (clreq: 不可分离). */
export const UNBREAKABLE = ['……', '——'] as const;

export function mayStartLine(char: string): boolean {
  return !NO_LINE_START.includes(char);
}

export function mayEndLine(char: string): boolean {
  return !NO_LINE_END.includes(char);
}

