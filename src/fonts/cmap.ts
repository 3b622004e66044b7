/**
 * The characters a TrueType/OpenType font maps to glyphs, read from its
 * `cmap` table (formats 4 and 12, Unicode encodings): enough to tell which
 * characters of a document a configured font cannot draw.
 */
export function fontCoverage(bytes: Buffer): (codePoint: number) => boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const numTables = view.getUint16(4);
  let cmap = -1;
  for (let i = 0; i < numTables; i++) {
    const record = 12 + i * 16;
    if (bytes.toString('latin1', record, record + 4) === 'cmap') cmap = view.getUint32(record + 8);
  }
  if (cmap < 0) return () => false;
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
