import { createRequire } from 'node:module';

/**
 * The zlib stream of `data` as canonical zlib (deflate level 6, 32 KiB
 * window, memLevel 8) writes it, by pako — JavaScript, so the bytes are the
 * same on every CPU and Node version. Node's own zlib is Chromium's fork,
 * about 2× faster but not canonical (its streams differ from zlib's and
 * pako's for the same input and level), which would change every subset's
 * bytes and so every edition's font hashes.
 */
const deflate = (createRequire(import.meta.url)('pako') as { deflate(data: Uint8Array): Uint8Array }).deflate;

const SFNT_HEADER = 12;
const SFNT_ENTRY = 16;
const WOFF_HEADER = 44;
const WOFF_ENTRY = 20;
const HEAD = 0x68656164; // 'head'
const BHED = 0x62686564; // 'bhed'

const align4 = (n: number) => (n + 3) & ~3;

/**
 * A TrueType/OpenType font (sfnt) as WOFF 1.0, each table zlib-compressed
 * (kept as is where that is no smaller), no metadata or private block.
 *
 * Byte for byte what subset-font 2.9.0 wrote (fontverter → the
 * woff2sfnt-sfnt2woff package, pako 1.0.11): tables ordered by the decimal
 * string of their tag number, version 0.0, each table's checksum verified
 * against the directory — so editions made before keep their font hashes.
 */
export function sfntToWoff(sfnt: Buffer): Buffer {
  if (sfnt.length < SFNT_HEADER) throw new Error('not an sfnt font: too short');
  const flavor = sfnt.readUInt32BE(0);
  const numTables = sfnt.readUInt16BE(4);
  const tables: { tag: number; checksum: number; offset: number; length: number }[] = [];
  for (let i = 0; i < numTables; i++) {
    const at = SFNT_HEADER + i * SFNT_ENTRY;
    tables.push({ tag: sfnt.readUInt32BE(at), checksum: sfnt.readUInt32BE(at + 4), offset: sfnt.readUInt32BE(at + 8), length: sfnt.readUInt32BE(at + 12) });
  }
  // sfnt2woff's order: the tags' decimal strings compared as strings (the
  // same as numeric order while every tag has ten digits, as real ones do).
  tables.sort((a, b) => {
    const x = String(a.tag);
    const y = String(b.tag);
    return x < y ? -1 : x > y ? 1 : 0;
  });

  let totalSfntSize = SFNT_HEADER + numTables * SFNT_ENTRY;
  let offset = WOFF_HEADER + numTables * WOFF_ENTRY;
  const directory = Buffer.alloc(numTables * WOFF_ENTRY);
  const data: Uint8Array[] = [];
  tables.forEach((table, i) => {
    if (tableChecksum(sfnt, table) !== table.checksum) throw new Error(`sfnt table ${tagName(table.tag)}: checksum mismatch`);
    totalSfntSize += align4(table.length);
    const raw = sfnt.subarray(table.offset, table.offset + table.length);
    const packed = deflate(raw);
    const stored = packed.length >= raw.length ? raw : packed;
    directory.writeUInt32BE(table.tag, i * WOFF_ENTRY);
    directory.writeUInt32BE(offset, i * WOFF_ENTRY + 4);
    directory.writeUInt32BE(stored.length, i * WOFF_ENTRY + 8);
    directory.writeUInt32BE(table.length, i * WOFF_ENTRY + 12);
    directory.writeUInt32BE(table.checksum, i * WOFF_ENTRY + 16);
    data.push(stored);
    const padding = align4(stored.length) - stored.length;
    if (padding) data.push(new Uint8Array(padding));
    offset += align4(stored.length);
  });

  const header = Buffer.alloc(WOFF_HEADER); // versions, metadata and private block: 0
  header.writeUInt32BE(0x774f4646, 0); // 'wOFF'
  header.writeUInt32BE(flavor, 4);
  header.writeUInt32BE(offset, 8);
  header.writeUInt16BE(numTables, 12);
  header.writeUInt32BE(totalSfntSize, 16);
  return Buffer.concat([header, directory, ...data], offset);
}

/** The table's checksum as the sfnt directory gives it (for 'head', without checkSumAdjustment). */
function tableChecksum(sfnt: Buffer, table: { tag: number; offset: number; length: number }): number {
  const end = table.offset + align4(table.length);
  if (end > sfnt.length) throw new Error(`sfnt table ${tagName(table.tag)} runs past the end of the font`);
  let sum = 0;
  for (let at = table.offset; at < end; at += 4) sum = (sum + sfnt.readUInt32BE(at)) >>> 0;
  if (table.tag === HEAD || table.tag === BHED) sum = (sum - sfnt.readUInt32BE(table.offset + 8)) >>> 0;
  return sum;
}

const tagName = (tag: number) => String.fromCharCode(tag >>> 24, (tag >>> 16) & 0xff, (tag >>> 8) & 0xff, tag & 0xff);
