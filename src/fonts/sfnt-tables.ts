/** One table of an sfnt (TrueType/OpenType) font: its directory entry, and its bytes as a view of the font. */
export interface SfntTable {
  tag: number;
  checksum: number;
  data: Buffer;
}

/** The tables of an sfnt, in directory order; throws when the directory or a table reaches past the end. */
export function sfntTables(sfnt: Buffer): SfntTable[] {
  if (sfnt.length < 12) throw new Error('not an sfnt');
  const count = sfnt.readUInt16BE(4);
  if (12 + 16 * count > sfnt.length) throw new Error('table directory past the end');
  return Array.from({ length: count }, (_, i) => {
    const at = 12 + 16 * i;
    const offset = sfnt.readUInt32BE(at + 8);
    const length = sfnt.readUInt32BE(at + 12);
    if (offset + length > sfnt.length) throw new Error('table past the end');
    return { tag: sfnt.readUInt32BE(at), checksum: sfnt.readUInt32BE(at + 4), data: sfnt.subarray(offset, offset + length) };
  });
}
