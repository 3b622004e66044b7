import { toWoff } from 'woff2sfnt-sfnt2woff';

/**
 * woff2sfnt-sfnt2woff: WOFF 1.0 packing with pako's deflate — JavaScript,
 * canonical zlib streams (level 6), so the bytes are the same on every CPU
 * and Node version. (Node's own zlib is Chromium's fork: ~3× faster, and
 * its output did not change with SSE4.2/PCLMUL/AVX hidden under qemu, but
 * its streams differ from canonical zlib's, which would change every
 * subset's bytes and so every edition's font hashes, and may change with
 * Node's zlib.) It is the packer subset-font 2.9.0 used, so font
 * assets stay byte-identical to editions built with it. Imported, not
 * required: it is bundled with pako into the subsetter's script (~17 files
 * fewer for its thread to load).
 */

/**
 * A TrueType/OpenType font (sfnt) as WOFF 1.0: each table zlib-compressed
 * (kept as is where that is no smaller), no metadata or private block, each
 * table's checksum verified against the directory.
 */
export function sfntToWoff(sfnt: Buffer): Buffer {
  try {
    return toWoff(sfnt);
  } catch (e) {
    // The package throws strings ('Checksum Mismatch!') and RangeErrors (a directory past the end).
    throw new Error(`cannot pack the font as WOFF: ${e instanceof Error ? e.message : String(e)}`);
  }
}
