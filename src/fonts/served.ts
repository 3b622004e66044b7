import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import { sfntTables } from './sfnt-tables.ts';

const deflateAsync = promisify(deflate);

/**
 * The TrueType subset Chromium prints with, packed as WOFF 1.0 for the trip:
 * every answer to Chromium goes through the DevTools pipe as base64 in JSON,
 * which the browser process then decodes (~0.4 CPU-s for a book's ~8 MB of
 * TrueType, on the page load's critical path; ~35 % less as WOFF). Chromium
 * unpacks it to the very same sfnt before OpenType Sanitizer and Skia see it,
 * so the PDF is the same byte for byte; the PDF's /ID stays computed from
 * the TrueType (identityOf). Node's own zlib, level 1, in its thread pool:
 * these bytes are never an output, so they need not match anything (the
 * HTML output's WOFF, src/fonts/woff.ts, must match the bytes subset-font
 * 2.9.0 made, and is slower).
 * A font that cannot be packed is sent as it is. A subset used again in
 * this process (watch mode's next build, an edition sharing it) is packed once.
 */
export function packForChromium(sfnt: Buffer): Promise<Buffer> {
  let packing = packings.get(sfnt);
  if (!packing) packings.set(sfnt, (packing = pack(sfnt)));
  return packing;
}
const packings = new WeakMap<Buffer, Promise<Buffer>>();

async function pack(sfnt: Buffer): Promise<Buffer> {
  let packed: Buffer;
  try {
    packed = await sfntToFastWoff(sfnt);
  } catch {
    return sfnt;
  }
  identities.set(packed, sfnt);
  return packed;
}

/** The TrueType a buffer packForChromium made stands for (the buffer itself otherwise): what hashes of a print's inputs use. */
export function identityOf(body: Buffer): Buffer {
  return identities.get(body) ?? body;
}
const identities = new WeakMap<Buffer, Buffer>();

/** WOFF 1.0 (W3C, 2012): a 44-byte header, a 20-byte entry per table (ascending tags), each table zlib-compressed unless that is no smaller, 4-byte aligned. */
async function sfntToFastWoff(sfnt: Buffer): Promise<Buffer> {
  const tables = sfntTables(sfnt).sort((a, b) => a.tag - b.tag);
  const numTables = tables.length;
  const bodies = await Promise.all(
    tables.map(async ({ data: raw }) => {
      const compressed = await deflateAsync(raw, { level: 1 });
      return compressed.length < raw.length ? compressed : raw;
    }),
  );
  const header = Buffer.alloc(44);
  const directory = Buffer.alloc(20 * numTables);
  const parts: Buffer[] = [header, directory];
  let offset = header.length + directory.length;
  let sfntSize = 12 + 16 * numTables;
  tables.forEach((table, i) => {
    const body = bodies[i]!;
    directory.writeUInt32BE(table.tag, 20 * i);
    directory.writeUInt32BE(offset, 20 * i + 4);
    directory.writeUInt32BE(body.length, 20 * i + 8);
    directory.writeUInt32BE(table.data.length, 20 * i + 12);
    directory.writeUInt32BE(table.checksum, 20 * i + 16);
    const padding = (4 - (body.length % 4)) % 4;
    parts.push(body, Buffer.alloc(padding));
    offset += body.length + padding;
    sfntSize += (table.data.length + 3) & ~3;
  });
  header.write('wOFF', 0, 'latin1');
  header.writeUInt32BE(sfnt.readUInt32BE(0), 4);
  header.writeUInt32BE(offset, 8);
  header.writeUInt16BE(numTables, 12);
  header.writeUInt32BE(sfntSize, 16);
  // Version 0.0 and no metadata or private block: the rest of the header stays zero.
  return Buffer.concat(parts, offset);
}
