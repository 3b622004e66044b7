import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { sha256 } from '../files/hash.ts';
import { readRegularFile } from '../files/read.ts';
import { replaceFile } from '../files/write.ts';
import { cacheDir } from '../incremental/file-cache.ts';

/**
 * The characters a font's `cmap` maps, remembered across runs by the bytes
 * of the tables they were read from (`cmap` and `maxp`): the same tables give
 * the same characters, so an entry can never be stale. Reading them needs
 * harfbuzzjs, whose wasm costs ~0.2 CPU-s to load: a third of a skipped
 * build (src/incremental/skip.ts), which asks only which bundled fallback
 * fonts a document needs.
 *
 * One small file per font in `<cache>/cmap/` (see file-facts.ts for the
 * folder): the code points as hexadecimal ranges, after a line naming the
 * tables' SHA-256. Only an optimisation: a missing, unreadable or malformed
 * entry is learnt again.
 */
const FOLDER = 'cmap';
const HEADER = 'paiban cmap 1';
/** Far above any font's entry (a full Unicode font: some thousand ranges). */
const MAX_ENTRY_BYTES = 4 * 1024 * 1024;

/** The key of these tables: their tags, lengths and bytes. */
export function tablesKey(tables: readonly { tag: string; data: Buffer }[]): string {
  return sha256(Buffer.concat(tables.flatMap((t) => [Buffer.from(`${t.tag}:${t.data.length}:`, 'latin1'), t.data])));
}

/** Code points as ranges: `starts[i]`…`ends[i]`, ascending, apart. */
export interface CodePointRanges {
  starts: Uint32Array;
  ends: Uint32Array;
}

/** The ranges of sorted, distinct code points. */
export function rangesOf(codePoints: Uint32Array): CodePointRanges {
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < codePoints.length; ) {
    let j = i;
    while (j + 1 < codePoints.length && codePoints[j + 1] === codePoints[j]! + 1) j++;
    starts.push(codePoints[i]!);
    ends.push(codePoints[j]!);
    i = j + 1;
  }
  return { starts: Uint32Array.from(starts), ends: Uint32Array.from(ends) };
}

/** The ranges remembered for the tables of `key`, or undefined. */
export async function rememberedRanges(key: string): Promise<CodePointRanges | undefined> {
  const file = entryFile(key);
  try {
    const text = (await readRegularFile(file, { shown: file, maxBytes: MAX_ENTRY_BYTES, noFollow: true })).toString('latin1');
    return decode(text, key);
  } catch {
    return undefined;
  }
}

/** Remember the ranges of the tables of `key` (nothing happens if the cache cannot be written). */
export async function rememberRanges(key: string, ranges: CodePointRanges): Promise<void> {
  try {
    await mkdir(path.join(cacheDir(), FOLDER), { recursive: true, mode: 0o700 });
    await replaceFile(entryFile(key), encode(ranges, key));
  } catch {
    // A read-only home or a full disk: the next run learns again.
  }
}

function entryFile(key: string): string {
  return path.join(cacheDir(), FOLDER, `${key}.txt`);
}

/** `HEADER key`, then `first-last` ranges (hexadecimal) joined by commas. */
export function encode({ starts, ends }: CodePointRanges, key: string): string {
  const ranges = Array.from(starts, (first, i) => (first === ends[i] ? first.toString(16) : `${first.toString(16)}-${ends[i]!.toString(16)}`));
  return `${HEADER} ${key}\n${ranges.join(',')}\n`;
}

/** The ranges of an entry written by `encode` for `key`; undefined for anything else. */
export function decode(text: string, key: string): CodePointRanges | undefined {
  const [header, body, rest] = text.split('\n');
  if (header !== `${HEADER} ${key}` || body === undefined || rest !== '') return undefined;
  const items = body ? body.split(',') : [];
  const starts = new Uint32Array(items.length);
  const ends = new Uint32Array(items.length);
  let last = -1;
  for (const [i, range] of items.entries()) {
    const match = /^([0-9a-f]{1,6})(?:-([0-9a-f]{1,6}))?$/.exec(range);
    if (!match) return undefined;
    const first = parseInt(match[1]!, 16);
    const end = match[2] === undefined ? first : parseInt(match[2], 16);
    // Apart, not just ascending: adjacent ranges would have been one.
    if (first <= last + 1 || end < first || end > 0x10ffff) return undefined;
    starts[i] = first;
    ends[i] = end;
    last = end;
  }
  return { starts, ends };
}

/** Whether `cp` is in one of the ranges. */
export function inRanges({ starts, ends }: CodePointRanges, cp: number): boolean {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < starts[mid]!) hi = mid - 1;
    else if (cp > ends[mid]!) lo = mid + 1;
    else return true;
  }
  return false;
}
