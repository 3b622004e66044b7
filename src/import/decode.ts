import iconv from 'iconv-lite';
import { UserError } from '../errors.ts';

export interface DecodedText {
  text: string;
  /** The encoding the bytes were read as, e.g. `utf-8`, `utf-16le`, `gb18030`. */
  encoding: string;
  /** How the encoding was chosen: a BOM, --encoding, a <meta charset>, or detection. */
  encodingSource: 'bom' | 'option' | 'meta' | 'detected';
  warnings: string[];
}

/** File signatures of formats people mistake for text. */
const BINARY_SIGNATURES: readonly [bytes: number[], name: string][] = [
  [[0x25, 0x50, 0x44, 0x46], 'a PDF'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (.docx, .xlsx, .epub…)'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Office document (.doc, .xls)'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x1f, 0x8b], 'a gzip archive'],
  [[0x7b, 0x5c, 0x72, 0x74, 0x66], 'an RTF document'],
];

/** C0 controls other than tab and line feed, DEL, C1 controls, and a stray BOM. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufeff]/g;

/**
 * Bytes → text with LF line ends and no control characters. The encoding is,
 * in order: a byte order mark; `--encoding`; strict UTF-8 when the bytes are
 * valid UTF-8; an HTML `<meta charset>`; else GB18030 (a superset of GBK and
 * GB2312, what Chinese Windows and older sites write).
 */
export function decodeInput(bytes: Buffer, shownFile: string, options: { encoding?: string; html?: boolean } = {}): DecodedText {
  refuseBinary(bytes, shownFile, options.encoding);
  const { text: raw, encoding, encodingSource } = decodeBytes(bytes, shownFile, options);
  const warnings: string[] = [];
  const lf = raw.replace(/\r\n?/g, '\n');
  const controls = [...lf.matchAll(CONTROL_CHARACTERS)];
  if (controls.length) {
    const first = controls[0]!;
    const line = lf.slice(0, first.index).split('\n').length;
    const codes = [...new Set(controls.map((m) => `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`))].join(' ');
    warnings.push(`removed ${controls.length} control character${controls.length === 1 ? '' : 's'} (${codes}), first on line ${line}`);
  }
  return { text: lf.replace(CONTROL_CHARACTERS, ''), encoding, encodingSource, warnings };
}

function decodeBytes(bytes: Buffer, shownFile: string, options: { encoding?: string; html?: boolean }): Omit<DecodedText, 'warnings'> {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: strictUtf8(bytes.subarray(3), shownFile), encoding: 'utf-8', encodingSource: 'bom' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(bytes.subarray(2), 'utf-16le'), encoding: 'utf-16le', encodingSource: 'bom' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16be', encodingSource: 'bom' };
  if (options.encoding) {
    const name = options.encoding.toLowerCase();
    if (!iconv.encodingExists(name)) throw new UserError(`unknown encoding "${options.encoding}" (try utf-8, gb18030, gbk, big5, utf-16le)`);
    return { text: iconv.decode(bytes, name), encoding: name, encodingSource: 'option' };
  }
  const utf8 = tryUtf8(bytes);
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8', encodingSource: 'detected' };
  const declared = options.html ? declaredCharset(bytes) : undefined;
  if (declared && iconv.encodingExists(declared)) return { text: iconv.decode(bytes, declared), encoding: declared, encodingSource: 'meta' };
  return { text: iconv.decode(bytes, 'gb18030'), encoding: 'gb18030', encodingSource: 'detected' };
}

function refuseBinary(bytes: Buffer, shownFile: string, encoding: string | undefined): void {
  for (const [signature, name] of BINARY_SIGNATURES) {
    if (signature.every((byte, i) => bytes[i] === byte)) throw new UserError(`is ${name}, not text; import reads .txt, .md and .html`, { file: shownFile });
  }
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || /^utf-?16/i.test(encoding ?? '');
  if (utf16) return;
  // A stray NUL or two in a text file is removed with a warning; text is never
  // more than a few per cent control bytes, binary data usually is.
  const head = bytes.subarray(0, 8192);
  let controls = 0;
  for (const byte of head) if (byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b)) controls++;
  if (head.length && controls / head.length > BINARY_CONTROL_SHARE) {
    throw new UserError('is not a text file (too many control bytes); a UTF-16 file needs a byte order mark or --encoding utf-16le', { file: shownFile });
  }
}

const BINARY_CONTROL_SHARE = 0.02;

function tryUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function strictUtf8(bytes: Buffer, shownFile: string): string {
  const text = tryUtf8(bytes);
  if (text === undefined) throw new UserError('starts with a UTF-8 byte order mark but is not valid UTF-8', { file: shownFile });
  return text;
}

/** `<meta charset="gbk">` or `content="text/html; charset=gb2312"` in the first 2 KB. */
function declaredCharset(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 2048).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
}
