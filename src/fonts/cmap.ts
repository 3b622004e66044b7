import { open, type FileHandle } from 'node:fs/promises';
import { withDeferredTierUp } from './wasm-tiering.ts';
import { inRanges, rangesOf, rememberRanges, rememberedRanges, tablesKey, type CodePointRanges } from './coverage-cache.ts';

/** Whether a font maps a code point to a glyph. */
export type Coverage = (codePoint: number) => boolean;

/**
 * The characters a TrueType/OpenType font maps to glyphs, as HarfBuzz reads
 * its `cmap` table (`face.collectUnicodes()` of harfbuzzjs: every cmap format
 * and encoding HarfBuzz knows, the table sanitised first): enough to tell
 * which characters of a document a font cannot draw.
 */
export function fontCoverage(bytes: Buffer): Promise<Coverage> {
  let coverage = ofBytes.get(bytes);
  if (!coverage) {
    coverage = coverageOfTables(coverageTables(bytes));
    ofBytes.set(bytes, coverage);
  }
  return coverage;
}

/**
 * Coverage by font bytes: a document's subsets are reused while its
 * characters stay the same (subset.ts), so a watch session asks HarfBuzz
 * once per new subset (harfbuzzjs 1.6.4's collectUnicodes never frees the
 * array it returns, 4 bytes a character).
 */
const ofBytes = new WeakMap<Buffer, Promise<Coverage>>();

/**
 * The same for a font file, reading only its table directory and the two
 * tables HarfBuzz needs (some hundred KB of a 15 MB CJK font): copying whole
 * fonts into harfbuzzjs's heap cost ~0.8 s a font on a loaded machine, where
 * this costs milliseconds.
 */
export async function fileCoverage(file: string): Promise<Coverage> {
  const handle = await open(file, 'r');
  try {
    const header = await readAt(handle, 0, 12);
    if (header.length < 12) return () => false;
    const records = tableRecords(await readAt(handle, 12, header.readUInt16BE(4) * 16));
    const tables = await Promise.all(records.map(async (r) => ({ tag: r.tag, data: await readAt(handle, r.offset, r.length) })));
    if (!tables.some((t) => t.tag === 'cmap')) return () => false;
    // A font file's characters are remembered across runs (coverage-cache.ts): no HarfBuzz to load for a font seen before.
    const key = tablesKey(tables);
    const known = await rememberedRanges(key);
    if (known) return coverageOfRanges(known);
    const learnt = rangesOf(await codePointsOfTables(tables));
    await rememberRanges(key, learnt);
    return coverageOfRanges(learnt);
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

/**
 * The tables a cmap lookup needs: `cmap`, and `maxp` (HarfBuzz drops code
 * points mapped past the glyph count). The last record of a tag wins, if a
 * broken font has several.
 */
const NEEDED = ['cmap', 'maxp'];

function tableRecords(directory: Buffer): { tag: string; offset: number; length: number }[] {
  const found = new Map<string, { tag: string; offset: number; length: number }>();
  for (let record = 0; record + 16 <= directory.length; record += 16) {
    const tag = directory.toString('latin1', record, record + 4);
    if (NEEDED.includes(tag)) found.set(tag, { tag, offset: directory.readUInt32BE(record + 8), length: directory.readUInt32BE(record + 12) });
  }
  return [...found.values()].sort((a, b) => (a.tag < b.tag ? -1 : 1));
}

let harfbuzz: Promise<typeof import('harfbuzzjs')> | undefined;

/** harfbuzzjs compiles its wasm as it is imported: only once a coverage is first asked for. */
function loadHarfbuzz(): Promise<typeof import('harfbuzzjs')> {
  return (harfbuzz ??= withDeferredTierUp(() => import('harfbuzzjs')));
}

/** The tables of the font a coverage needs (cmap, maxp), views of its bytes. */
function coverageTables(bytes: Buffer): { tag: string; data: Buffer }[] {
  const header = bytes.subarray(0, 12);
  const records = header.length < 12 ? [] : tableRecords(bytes.subarray(12, 12 + header.readUInt16BE(4) * 16));
  return records.map((r) => ({ tag: r.tag, data: bytes.subarray(r.offset, r.offset + r.length) }));
}

/**
 * A font of only the tables a coverage needs (a few KB of a subset), for
 * another thread to read (codePointsOfFont); undefined when it has no cmap.
 */
export function coverageFont(bytes: Buffer): Buffer | undefined {
  const tables = coverageTables(bytes);
  return tables.some((t) => t.tag === 'cmap') ? sfntOf(tables) : undefined;
}

/** The sorted code points a coverageFont maps, read by harfbuzzjs in this thread. */
export function codePointsOfFont(font: Buffer): Promise<Uint32Array> {
  return codePointsOfTables(coverageTables(font));
}

/** The coverage of these sorted code points. */
export function coverageOfCodePoints(codePoints: Uint32Array): Coverage {
  return coverageOfRanges(rangesOf(codePoints));
}

/** Compile harfbuzzjs's wasm now, before a coverage is asked for (the subsetter's thread, while the document is laid out). */
export async function prepareCoverage(): Promise<void> {
  await loadHarfbuzz();
}

/** Coverage from a font holding just these tables. */
async function coverageOfTables(tables: { tag: string; data: Buffer }[]): Promise<Coverage> {
  if (!tables.some((t) => t.tag === 'cmap')) return () => false;
  return coverageOfRanges(rangesOf(await codePointsOfTables(tables)));
}

/**
 * The sorted code points a font holding just these tables maps. harfbuzzjs
 * frees its faces only when they are garbage-collected, so it is given a few
 * KB per font, not the font.
 */
async function codePointsOfTables(tables: { tag: string; data: Buffer }[]): Promise<Uint32Array> {
  const hb = await loadHarfbuzz();
  const face = new hb.Face(new hb.Blob(sfntOf(tables)), 0);
  // A copy: the array is a view of the wasm heap, which moves as it grows. Sorted.
  return Uint32Array.from(face.collectUnicodes());
}

function coverageOfRanges(ranges: CodePointRanges): Coverage {
  return (cp) => inRanges(ranges, cp);
}

const align4 = (n: number) => (n + 3) & ~3;

/** An sfnt (TrueType) font of these tables, tags in ascending order; no checksums (HarfBuzz does not read them). */
function sfntOf(tables: { tag: string; data: Buffer }[]): Buffer {
  const directory = 12 + tables.length * 16;
  const font = Buffer.alloc(tables.reduce((size, t) => size + align4(t.data.length), directory));
  const power = 2 ** Math.floor(Math.log2(tables.length));
  font.writeUInt32BE(0x00010000, 0);
  font.writeUInt16BE(tables.length, 4);
  font.writeUInt16BE(power * 16, 6);
  font.writeUInt16BE(Math.log2(power), 8);
  font.writeUInt16BE((tables.length - power) * 16, 10);
  let offset = directory;
  tables.forEach((table, i) => {
    font.write(table.tag, 12 + i * 16, 'latin1');
    font.writeUInt32BE(offset, 12 + i * 16 + 8);
    font.writeUInt32BE(table.data.length, 12 + i * 16 + 12);
    table.data.copy(font, offset);
    offset += align4(table.data.length);
  });
  return font;
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
