/**
 * A lexer for PDF content streams (ISO 32000-1 §7.2 lexical conventions,
 * §7.8.2 content streams): the one reader that finishing, preflight and
 * `paiban check` share. The stream is read as latin1 text (one character per
 * byte), so offsets are byte offsets and rewriting is binary-safe.
 */

export type Operand =
  | { kind: 'number'; value: number; raw: string }
  | { kind: 'name'; value: string; raw: string }
  /** A literal or hex string; `bytes` holds its decoded bytes as latin1 characters. */
  | { kind: 'string'; bytes: string; raw: string }
  | { kind: 'array'; items: Operand[]; raw: string }
  | { kind: 'dict'; entries: Map<string, Operand>; raw: string }
  | { kind: 'keyword'; value: string; raw: string };

export interface Operation {
  operator: string;
  operands: Operand[];
  /** Offset of the first operand (or of the operator when there is none). */
  start: number;
  /** Offset just after the operator. */
  end: number;
}

/** Byte classes (§7.2.2): 1 white space, 2 delimiter, 0 regular. Looked up by char code: the lexer's inner loops run once per byte of every page. */
const CLASS = new Uint8Array(256);
for (const char of '\0\t\n\f\r ') CLASS[char.charCodeAt(0)] = 1;
for (const char of '()<>[]{}/%') CLASS[char.charCodeAt(0)] = 2;
/** Whether the char code at `code` (NaN past the end) is a regular character. */
const isRegular = (code: number) => code === code && (code > 255 || CLASS[code] === 0);

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\' };

/** A literal string's escapes (§7.3.4.2). */
function unescapeLiteral(body: string): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = body[++i];
    if (next === undefined) break;
    if (next in ESCAPES) out += ESCAPES[next];
    else if (next === '\r') {
      if (body[i + 1] === '\n') i++;
    } else if (next === '\n') {
      // A line continuation.
    } else if (/[0-7]/.test(next)) {
      let digits = next;
      while (digits.length < 3 && /[0-7]/.test(body[i + 1] ?? '')) digits += body[++i];
      out += String.fromCharCode(parseInt(digits, 8) & 0xff);
    } else out += next;
  }
  return out;
}

/** Value of a hex digit's char code, -1 for any other character. */
const HEX = new Int8Array(256).fill(-1);
for (let digit = 0; digit < 16; digit++) {
  HEX['0123456789abcdef'.charCodeAt(digit)] = digit;
  HEX['0123456789ABCDEF'.charCodeAt(digit)] = digit;
}

/**
 * A hex string's bytes (§7.3.4.3) from text[from, to), as latin1
 * characters: anything but hex digits skipped, an odd last digit followed
 * by 0. Decoded in place: Chromium shows all text as hex strings.
 */
function hexBytes(text: string, from: number, to: number): string {
  let bytes = '';
  let high = -1;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    const digit = code < 256 ? HEX[code]! : -1;
    if (digit < 0) continue;
    if (high < 0) high = digit;
    else {
      bytes += String.fromCharCode(high * 16 + digit);
      high = -1;
    }
  }
  return high < 0 ? bytes : bytes + String.fromCharCode(high * 16);
}

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

/** Whether text[from, to) is a number (§7.3.3): `[-+]?(\d+\.?\d*|\.\d+)`, checked by hand (it runs for every token). */
function isNumber(text: string, from: number, to: number): boolean {
  let i = from;
  const sign = text.charCodeAt(i);
  if (sign === 0x2b /* + */ || sign === 0x2d /* - */) i++;
  let digits = 0;
  while (i < to && isDigit(text.charCodeAt(i))) (i++, digits++);
  if (i < to && text.charCodeAt(i) === 0x2e /* . */) i++;
  while (i < to && isDigit(text.charCodeAt(i))) (i++, digits++);
  return i === to && digits > 0;
}

class Lexer {
  at = 0;
  constructor(readonly text: string) {}

  skipSpace(): void {
    const { text } = this;
    const length = text.length;
    let at = this.at;
    while (at < length) {
      const code = text.charCodeAt(at);
      if (code < 256 && CLASS[code] === 1) at++;
      else if (code === 0x25 /* % */) {
        while (at < length && text.charCodeAt(at) !== 0x0a && text.charCodeAt(at) !== 0x0d) at++;
      } else break;
    }
    this.at = at;
  }

  /** The next object, or undefined at the end; `]` and `>>` come back as keywords. */
  next(): Operand | undefined {
    this.skipSpace();
    const { text } = this;
    const start = this.at;
    if (start >= text.length) return undefined;
    const char = text[start]!;
    if (char === '(') {
      let depth = 0;
      let i = start;
      for (; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x5c /* \\ */) i++;
        else if (c === 0x28 /* ( */) depth++;
        else if (c === 0x29 /* ) */ && --depth === 0) break;
      }
      this.at = Math.min(i + 1, text.length);
      return { kind: 'string', bytes: unescapeLiteral(text.slice(start + 1, i)), raw: text.slice(start, this.at) };
    }
    if (char === '<' && text[start + 1] === '<') {
      this.at += 2;
      const entries = new Map<string, Operand>();
      for (;;) {
        const key = this.next();
        if (!key || (key.kind === 'keyword' && key.value === '>>')) break;
        const value = this.next();
        if (!value || (value.kind === 'keyword' && value.value === '>>')) break;
        if (key.kind === 'name') entries.set(key.value, value);
      }
      return { kind: 'dict', entries, raw: text.slice(start, this.at) };
    }
    if (char === '<') {
      const close = text.indexOf('>', start);
      this.at = close < 0 ? text.length : close + 1;
      return { kind: 'string', bytes: hexBytes(text, start + 1, close < 0 ? text.length : close), raw: text.slice(start, this.at) };
    }
    if (char === '>' && text[start + 1] === '>') {
      this.at += 2;
      return { kind: 'keyword', value: '>>', raw: '>>' };
    }
    if (char === '[') {
      this.at++;
      const items: Operand[] = [];
      for (;;) {
        const item = this.next();
        if (!item || (item.kind === 'keyword' && item.value === ']')) break;
        items.push(item);
      }
      return { kind: 'array', items, raw: text.slice(start, this.at) };
    }
    if (char === ']' || char === ')' || char === '>' || char === '{' || char === '}') {
      this.at++;
      return { kind: 'keyword', value: char, raw: char };
    }
    if (char === '/') {
      let i = start + 1;
      while (isRegular(text.charCodeAt(i))) i++;
      this.at = i;
      const raw = text.slice(start, i);
      const value = raw.includes('#') ? raw.slice(1).replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : raw.slice(1);
      return { kind: 'name', value, raw };
    }
    let i = start;
    while (isRegular(text.charCodeAt(i))) i++;
    this.at = i;
    const raw = text.slice(start, i);
    if (isNumber(text, start, i)) return { kind: 'number', value: Number(raw), raw };
    return { kind: 'keyword', value: raw, raw };
  }
}

/** Keywords that are operands, not operators. */
const OPERAND_KEYWORDS = new Set(['true', 'false', 'null']);

/**
 * Every operation of a content stream, in order. An inline image (BI … ID
 * data EI) is one operation `BI` whose data is skipped up to the `EI` that
 * follows white space.
 */
export function parseOperations(content: string): Operation[] {
  const lexer = new Lexer(content);
  const operations: Operation[] = [];
  let operands: Operand[] = [];
  let start = -1;
  for (;;) {
    lexer.skipSpace();
    const at = lexer.at;
    const token = lexer.next();
    if (!token) break;
    if (start < 0) start = at;
    if (token.kind !== 'keyword' || OPERAND_KEYWORDS.has(token.value)) {
      operands.push(token);
      continue;
    }
    if (token.value === 'BI') {
      const data = content.indexOf('ID', lexer.at);
      const end = data < 0 ? -1 : content.slice(data).search(/[\0\t\n\f\r ]EI(?![^\0\t\n\f\r ()<>[\]{}/%])/);
      lexer.at = end < 0 ? content.length : data + end + 3;
    }
    operations.push({ operator: token.value, operands, start, end: lexer.at });
    operands = [];
    start = -1;
  }
  return operations;
}

/** Operators that put marks on the page (text, paths, images, shadings). */
export const PAINTING = new Set(['Tj', 'TJ', "'", '"', 'Do', 'sh', 'f', 'F', 'f*', 'S', 's', 'B', 'B*', 'b', 'b*', 'BI']);
/** Operators that show text. */
export const TEXT_SHOWING = new Set(['Tj', 'TJ', "'", '"']);

/** The bytes a text-showing operation shows (TJ's strings joined; its numbers are spacing). */
export function shownBytes(op: Operation): string {
  const last = op.operands.at(-1);
  if (!last) return '';
  if (last.kind === 'string') return last.bytes;
  if (last.kind === 'array') return last.items.map((item) => (item.kind === 'string' ? item.bytes : '')).join('');
  return '';
}

/** Splice text into `content` at the given offsets (inserts may share an offset; they keep their order). */
export function spliceContent(content: string, edits: readonly { at: number; remove?: number; text: string }[]): string {
  const sorted = edits.map((edit, order) => ({ ...edit, order })).sort((a, b) => a.at - b.at || a.order - b.order);
  let out = '';
  let last = 0;
  for (const edit of sorted) {
    out += content.slice(last, edit.at) + edit.text;
    last = edit.at + (edit.remove ?? 0);
  }
  return out + content.slice(last);
}
