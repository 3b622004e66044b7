/**
 * What an image file is, from its bytes: the type its signature says and
 * the pixel size its header declares. A file named `.jpg` holding HTML, a
 * truncated header, or a header declaring a decompression bomb is refused
 * before Chromium is asked to decode it (it would print a broken-image icon
 * and succeed).
 */
export interface ImageHeader {
  /** MIME type from the signature. */
  type: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'image/svg+xml' | 'image/avif';
  /** Declared size in pixels; undefined for SVG (vector) and AVIF (size lives deep in its boxes). */
  width?: number;
  height?: number;
}

export type SniffResult = { ok: true; header: ImageHeader } | { ok: false; reason: string };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function sniffImage(bytes: Buffer): SniffResult {
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return png(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return jpeg(bytes);
  const ascii6 = bytes.toString('latin1', 0, 6);
  if (ascii6 === 'GIF87a' || ascii6 === 'GIF89a') return gif(bytes);
  if (bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return webp(bytes);
  if (bytes.toString('latin1', 4, 8) === 'ftyp' && /^(avif|avis)$/.test(bytes.toString('latin1', 8, 12))) return { ok: true, header: { type: 'image/avif' } };
  if (looksLikeSvg(bytes)) return { ok: true, header: { type: 'image/svg+xml' } };
  return { ok: false, reason: 'is not a PNG, JPEG, GIF, WebP, AVIF or SVG image (its first bytes match none of them)' };
}

function sized(type: ImageHeader['type'], width: number, height: number): SniffResult {
  if (!width || !height) return { ok: false, reason: `declares a size of ${width} × ${height} pixels` };
  return { ok: true, header: { type, width, height } };
}

function png(bytes: Buffer): SniffResult {
  // Signature, then the IHDR chunk first: length 13, type, width, height.
  if (bytes.length < 33 || bytes.toString('latin1', 12, 16) !== 'IHDR') return { ok: false, reason: 'is a truncated or damaged PNG (no IHDR chunk)' };
  return sized('image/png', bytes.readUInt32BE(16), bytes.readUInt32BE(20));
}

function gif(bytes: Buffer): SniffResult {
  if (bytes.length < 13) return { ok: false, reason: 'is a truncated GIF' };
  return sized('image/gif', bytes.readUInt16LE(6), bytes.readUInt16LE(8));
}

/** Walk the JPEG markers to the first start-of-frame, which holds the size. */
function jpeg(bytes: Buffer): SniffResult {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return { ok: false, reason: 'is a damaged JPEG (bad marker)' };
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const length = bytes.readUInt16BE(at + 2);
    // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (at + 9 > bytes.length) break;
      return sized('image/jpeg', bytes.readUInt16BE(at + 7), bytes.readUInt16BE(at + 5));
    }
    if (marker === 0xd9 || marker === 0xda) break; // end of image, or scan data before any frame
    at += 2 + length;
  }
  return { ok: false, reason: 'is a truncated or damaged JPEG (no frame header)' };
}

function webp(bytes: Buffer): SniffResult {
  const chunk = bytes.toString('latin1', 12, 16);
  if (chunk === 'VP8X' && bytes.length >= 30) return sized('image/webp', bytes.readUIntLE(24, 3) + 1, bytes.readUIntLE(27, 3) + 1);
  if (chunk === 'VP8 ' && bytes.length >= 30 && bytes[23] === 0x9d && bytes[24] === 0x01 && bytes[25] === 0x2a) {
    return sized('image/webp', bytes.readUInt16LE(26) & 0x3fff, bytes.readUInt16LE(28) & 0x3fff);
  }
  if (chunk === 'VP8L' && bytes.length >= 25 && bytes[20] === 0x2f) {
    const bits = bytes.readUInt32LE(21);
    return sized('image/webp', (bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
  }
  return { ok: false, reason: 'is a truncated or damaged WebP' };
}

/**
 * An SVG is XML text whose root element is `<svg`: after an optional BOM,
 * XML declaration, comments, processing instructions and doctype. HTML
 * renamed `.svg` is not one.
 */
function looksLikeSvg(bytes: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, 4096)).replace(/^\ufeff/, '');
  } catch {
    // Cut mid-character at 4096 bytes: decode leniently, the root test below is on ASCII.
    text = bytes.subarray(0, 4096).toString('utf8').replace(/^\ufeff/, '');
  }
  const prolog = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE\s+svg\b[^>[]*(?:\[[\s\S]*?\])?\s*>)*/i;
  const rest = text.slice(prolog.exec(text)?.[0].length ?? 0);
  return /^<svg[\s>/]/.test(rest) || /^<[A-Za-z_][\w.-]*:svg[\s>/]/.test(rest);
}
