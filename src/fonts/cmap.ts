import { open, type FileHandle } from 'node:fs/promises';

/**
 * The characters a TrueType/OpenType font maps to glyphs, read from its
 * `cmap` table (formats 4 and 12, Unicode encodings): enough to tell which
 * characters of a document a configured font cannot draw.
 */
export function fontCoverage(bytes: Buffer): (codePoint: number) => boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const table = cmapRecord(bytes.subarray(12, 12 + view.getUint16(4) * 16));
  // A copy: the coverage keeps only the cmap table, not the whole font.
  return table ? cmapCoverage(Buffer.from(bytes.subarray(table.offset, table.offset + table.length))) : () => false;
}

/**
 * The same, reading only the file's table directory and its `cmap` table
 * (some hundred KB of a 15 MB CJK font).
 */
export async function fileCoverage(file: string): Promise<(codePoint: number) => boolean> {
  const handle = await open(file, 'r');
  try {
    const header = await readAt(handle, 0, 12);
    if (header.length < 12) return () => false;
    const table = cmapRecord(await readAt(handle, 12, header.readUInt16BE(4) * 16));
    return table ? cmapCoverage(await readAt(handle, table.offset, table.length)) : () => false;
  } finally {
    await handle.close();
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const { bytesRead } = await handle.read(buffer, read, length - read, position + read);
    if (!bytesRead) break;
    read += bytesRead;
  }
  return buffer.subarray(0, read);
}

/** The `cmap` record of an sfnt table directory (the last one, if a broken font has several). */
function cmapRecord(directory: Buffer): { offset: number; length: number } | undefined {
  let found: { offset: number; length: number } | undefined;
  for (let record = 0; record + 16 <= directory.length; record += 16) {
    if (directory.toString('latin1', record, record + 4) === 'cmap') found = { offset: directory.readUInt32BE(record + 8), length: directory.readUInt32BE(record + 12) };
  }
  return found;
}

/** Coverage from the bytes of a `cmap` table alone. */
function cmapCoverage(bytes: Buffer): (codePoint: number) => boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const cmap = 0;
  if (bytes.length < 4) return () => false;
  const subtables: { platform: number; encoding: number; offset: number }[] = [];
  const count = view.getUint16(cmap + 2);
  for (let i = 0; i < count; i++) {
    const at = cmap + 4 + i * 8;
    subtables.push({ platform: view.getUint16(at), encoding: view.getUint16(at + 2), offset: cmap + view.getUint32(at + 4) });
  }
  const unicode = (s: { platform: number; encoding: number }): boolean => s.platform === 0 || (s.platform === 3 && (s.encoding === 1 || s.encoding === 10));
  const format12 = subtables.find((s) => unicode(s) && view.getUint16(s.offset) === 12);
  if (format12) {
    const groups: [number, number][] = [];
    const n = view.getUint32(format12.offset + 12);
    for (let i = 0; i < n; i++) {
      const at = format12.offset + 16 + i * 12;
      groups.push([view.getUint32(at), view.getUint32(at + 4)]);
    }
    return (cp) => inRanges(groups, cp);
  }
  const format4 = subtables.find((s) => unicode(s) && view.getUint16(s.offset) === 4);
  if (!format4) return () => false;
  const o = format4.offset;
  const segments = view.getUint16(o + 6) / 2;
  const ends = o + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  return (cp) => {
    if (cp > 0xffff) return false;
    for (let i = 0; i < segments; i++) {
      const end = view.getUint16(ends + i * 2);
      if (cp > end) continue;
      const start = view.getUint16(starts + i * 2);
      if (cp < start) return false;
      const rangeOffset = view.getUint16(rangeOffsets + i * 2);
      if (rangeOffset === 0) return ((cp + view.getInt16(deltas + i * 2)) & 0xffff) !== 0;
      const glyphAt = rangeOffsets + i * 2 + rangeOffset + (cp - start) * 2;
      return glyphAt + 1 < bytes.byteLength && view.getUint16(glyphAt) !== 0;
    }
    return false;
  };
}

function inRanges(groups: [number, number][], cp: number): boolean {
  let lo = 0;
  let hi = groups.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [start, end] = groups[mid]!;
    if (cp < start) hi = mid - 1;
    else if (cp > end) lo = mid + 1;
    else return true;
  }
  return false;
}

/** What kind of font file the bytes are, from the sfnt tag. */
export function fontKind(bytes: Buffer): 'truetype' | 'cff' | 'collection' | 'woff' | 'unknown' {
  if (bytes.length < 12) return 'unknown';
  const tag = bytes.toString('latin1', 0, 4);
  if (tag === '\u0000\u0001\u0000\u0000' || tag === 'true') return 'truetype';
  if (tag === 'OTTO') return 'cff';
  if (tag === 'ttcf') return 'collection';
  if (tag === 'wOFF' || tag === 'wOF2') return 'woff';
  return 'unknown';
}
