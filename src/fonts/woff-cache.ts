import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { inflate } from 'node:zlib';
import { sha256 } from '../files/hash.ts';
import { readRegularFile } from '../files/read.ts';
import { replaceFile } from '../files/write.ts';
import { cacheDir } from '../incremental/file-cache.ts';
import { sfntTables } from './sfnt-tables.ts';
import { trace } from '../trace.ts';

const inflateAsync = promisify(inflate);

/**
 * The HTML output's WOFF of a subset, remembered across runs. Packing it
 * (pako, level 6: woff.ts) costs ~1 CPU-s for a book's five faces, on a
 * machine whose two cores are then busy with Chromium's print; a rebuild
 * whose text brings no new character to a face (`--force`, most edits, the
 * same document in another project) makes the very same subset, so the
 * very same WOFF.
 *
 * An entry is `<cache>/woff/<key>.woff`, the key the SHA-256 of the packer's
 * name and the subset's bytes. It is taken only if it unpacks to exactly
 * those bytes, table by table, with the header, order and padding the
 * packer writes: a damaged entry (or a link, or anything else) is packed
 * again, never served. (Which deflate stream an entry holds is not checked
 * beyond that; the folder is the user's own, made 0700.) At most
 * MAX_ENTRIES are kept, the oldest written removed first. Only an
 * optimisation: an unreadable or unwritable cache packs as before.
 */
const FOLDER = 'woff';
/** woff2sfnt-sfnt2woff and the pako it deflates with: another version may pack other bytes (test/unit/woff-cache.test.ts checks these against node_modules). */
export const PACKER = 'woff2sfnt-sfnt2woff 1.0.0, pako 1.0.11, level 6';
/** A book uses five faces; enough for some dozen documents' subsets (~1 MB each). */
const MAX_ENTRIES = 64;
const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

/** The WOFF of `sfnt`: remembered, or made by `pack` and remembered. */
export async function cachedWoff(sfnt: Buffer, pack: (sfnt: Buffer) => Promise<Buffer>): Promise<Buffer> {
  const file = entryFile(sha256(Buffer.concat([Buffer.from(`${PACKER}\0`, 'latin1'), sfnt])));
  const remembered = await readRegularFile(file, { shown: file, maxBytes: MAX_ENTRY_BYTES, noFollow: true }).catch(() => undefined);
  if (remembered && (await unpacksTo(remembered, sfnt))) {
    trace('fonts: a WOFF for the HTML taken from the cache');
    return remembered;
  }
  const woff = await pack(sfnt);
  await remember(file, woff);
  return woff;
}

function entryFile(key: string): string {
  return path.join(cacheDir(), FOLDER, `${key}.woff`);
}

async function remember(file: string, woff: Buffer): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await replaceFile(file, woff);
    await evictOldest(path.dirname(file));
  } catch {
    // A read-only home or a full disk: the next run packs again.
  }
}

async function evictOldest(folder: string): Promise<void> {
  const names = (await readdir(folder)).filter((name) => name.endsWith('.woff'));
  if (names.length <= MAX_ENTRIES) return;
  const written = await Promise.all(names.map(async (name) => ({ name, at: (await stat(path.join(folder, name)).catch(() => undefined))?.mtimeMs ?? 0 })));
  written.sort((a, b) => a.at - b.at || a.name.localeCompare(b.name));
  await Promise.all(written.slice(0, names.length - MAX_ENTRIES).map(({ name }) => rm(path.join(folder, name), { force: true })));
}

/**
 * Whether `woff` is WOFF 1.0 as the packer writes it for `sfnt`: the same
 * flavour and tables, in its order (tags sorted as the decimal strings of
 * their numbers, as woff2sfnt-sfnt2woff compares them), each zero-padded
 * to 4 bytes and right after the one before, checksum and length as the
 * sfnt's directory gives them, deflated or stored so that it unpacks to the
 * sfnt's bytes; no metadata or private block, nothing after the last table.
 */
export async function unpacksTo(woff: Buffer, sfnt: Buffer): Promise<boolean> {
  try {
    if (woff.length < 44 || woff.toString('latin1', 0, 4) !== 'wOFF') return false;
    const tables = sfntTables(sfnt).sort((a, b) => (String(a.tag) < String(b.tag) ? -1 : String(a.tag) > String(b.tag) ? 1 : 0));
    const count = tables.length;
    if (woff.readUInt32BE(4) !== sfnt.readUInt32BE(0) || woff.readUInt32BE(8) !== woff.length || woff.readUInt16BE(12) !== count) return false;
    // Reserved, major/minor version, metadata and private block: all zero as the packer writes them.
    if (woff.readUInt16BE(14) !== 0 || !woff.subarray(20, 44).equals(Buffer.alloc(24))) return false;
    let expectedOffset = 44 + 20 * count;
    let sfntSize = 12 + 16 * count;
    const checks: Promise<boolean>[] = [];
    for (const [i, table] of tables.entries()) {
      const at = 44 + 20 * i;
      const [tag, offset, compLength, origLength, checksum] = [0, 4, 8, 12, 16].map((field) => woff.readUInt32BE(at + field)) as [number, number, number, number, number];
      if (tag !== table.tag || offset !== expectedOffset || origLength !== table.data.length || checksum !== table.checksum || compLength > origLength) return false;
      const padded = (compLength + 3) & ~3;
      if (offset + padded > woff.length || woff.subarray(offset + compLength, offset + padded).some((byte) => byte !== 0)) return false;
      const body = woff.subarray(offset, offset + compLength);
      checks.push(compLength === origLength ? Promise.resolve(body.equals(table.data)) : inflateAsync(body).then((data) => data.equals(table.data)));
      expectedOffset = offset + padded;
      sfntSize += (origLength + 3) & ~3;
    }
    if (woff.readUInt32BE(16) !== sfntSize || expectedOffset !== woff.length) return false;
    return (await Promise.all(checks)).every(Boolean);
  } catch {
    return false;
  }
}
