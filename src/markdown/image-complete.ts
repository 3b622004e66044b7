import { createInflate } from 'node:zlib';
import type { ImageHeader } from './image-sniff.ts';

/**
 * Whether a raster image's bytes hold the whole picture, checked by its
 * structure before Chromium sees it. Chromium decodes what it can: a JPEG
 * cut short prints its top part and the rest grey, with no error to catch
 * (src/render/browser.ts catches only images that do not decode at all).
 *
 * - JPEG: the segments are walked to the scan data, the scan data to the
 *   end-of-image marker (FFD9); progressive files' later scans too.
 *   What follows the end-of-image marker is accepted: cameras and phones
 *   append a multi-picture preview (MPF), a maker trailer or a motion
 *   photo's video there, and no decoder reads it.
 * - PNG: every chunk within the file, an IEND chunk, and the IDAT data a
 *   complete zlib stream that inflates to exactly the bytes its IHDR
 *   implies (streamed and counted, never held: a bomb costs no memory).
 * - GIF: the blocks walked to the trailer (0x3B); only zero bytes after it.
 * - WebP: the RIFF size is the file's size.
 * Zero bytes after the end are accepted in every format (padding that
 * copying and recovery tools add).
 *
 * SVG and AVIF are not checked here (SVG is text; AVIF's boxes are
 * Chromium's to decode). Returns why the image is incomplete, or undefined.
 */
export async function incompleteImage(bytes: Buffer, type: ImageHeader['type']): Promise<string | undefined> {
  switch (type) {
    case 'image/jpeg':
      return jpegProblem(bytes);
    case 'image/png':
      return pngProblem(bytes);
    case 'image/gif':
      return gifProblem(bytes);
    case 'image/webp':
      return webpProblem(bytes);
    default:
      return undefined;
  }
}

const isRestart = (marker: number) => marker >= 0xd0 && marker <= 0xd7;

function jpegProblem(bytes: Buffer): string | undefined {
  let at = 2; // after SOI
  let scans = 0;
  for (;;) {
    if (at >= bytes.length) return scans ? 'the file ends before its end-of-image marker (FFD9)' : 'the file ends before its scan data (SOS)';
    if (bytes[at] !== 0xff) return `no marker at byte ${at}`;
    while (bytes[at + 1] === 0xff) at++; // fill bytes
    if (at + 1 >= bytes.length) return 'the file ends inside a marker';
    const marker = bytes[at + 1]!;
    if (marker === 0xd9) return scans ? undefined : 'it ends (FFD9) before any scan data (SOS)';
    if (marker === 0x01 || isRestart(marker)) {
      at += 2;
      continue;
    }
    if (at + 4 > bytes.length) return 'the file ends inside a segment header';
    const end = at + 2 + bytes.readUInt16BE(at + 2);
    if (end > bytes.length) return `the file ends inside a segment (marker FF${marker.toString(16).toUpperCase()})`;
    at = end;
    if (marker !== 0xda) continue;
    // Entropy-coded data: runs to the next marker that is not a stuffed 00 or a restart.
    scans++;
    for (;;) {
      const ff = bytes.indexOf(0xff, at);
      if (ff < 0 || ff + 1 >= bytes.length) return 'the file ends inside its scan data, before the end-of-image marker (FFD9)';
      const next = bytes[ff + 1]!;
      if (next === 0x00 || isRestart(next) || next === 0xff) {
        at = ff + (next === 0xff ? 1 : 2);
        continue;
      }
      at = ff;
      break;
    }
  }
}

const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7's passes: first column and row, and the steps between them. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** Bytes of filtered scanlines an image of this header decodes from (a filter byte per row). */
export function pngDataSize(width: number, height: number, bitDepth: number, colorType: number, interlaced: boolean): number | undefined {
  const channels = CHANNELS[colorType];
  if (!channels || ![1, 2, 4, 8, 16].includes(bitDepth)) return undefined;
  const rowBytes = (w: number) => 1 + Math.ceil((w * channels * bitDepth) / 8);
  if (!interlaced) return height * rowBytes(width);
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7) {
    const w = Math.ceil((width - x0) / dx);
    const h = Math.ceil((height - y0) / dy);
    if (w > 0 && h > 0) total += h * rowBytes(w);
  }
  return total;
}

async function pngProblem(bytes: Buffer): Promise<string | undefined> {
  const idat: Buffer[] = [];
  let header: Buffer | undefined;
  let at = 8;
  let ended = false;
  while (at < bytes.length) {
    if (at + 8 > bytes.length) return 'the file ends inside a chunk header';
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const end = at + 12 + length;
    if (end > bytes.length) return `the file ends inside its ${type} chunk`;
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') header = data;
    else if (type === 'IDAT') idat.push(data);
    at = end;
    if (type === 'IEND') {
      ended = true;
      break;
    }
  }
  if (!ended) return 'it has no IEND chunk (the file ends early)';
  if (!header || header.length < 13) return 'it has no IHDR chunk';
  if (!idat.length) return 'it has no IDAT (pixel data) chunk';
  const expected = pngDataSize(header.readUInt32BE(0), header.readUInt32BE(4), header[8]!, header[9]!, header[12] === 1);
  if (expected === undefined) return `its IHDR declares bit depth ${header[8]} with colour type ${header[9]}, which PNG does not have`;
  const inflated = await inflatedLength(Buffer.concat(idat), expected);
  if ('error' in inflated) return `its IDAT data is not a complete zlib stream (${inflated.error})`;
  if (inflated.length !== expected) {
    if (inflated.length > expected) return `its IDAT data inflates to more than the ${expected} bytes its IHDR implies`;
    return `its IDAT data inflates to ${inflated.length} of the ${expected} bytes its IHDR implies`;
  }
  return undefined;
}

/** How many bytes a zlib stream inflates to, counting up to `limit` + 1 and keeping none of them. */
function inflatedLength(data: Buffer, limit: number): Promise<{ length: number } | { error: string }> {
  return new Promise((resolve) => {
    const inflate = createInflate();
    let length = 0;
    inflate.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > limit) {
        inflate.destroy();
        resolve({ length });
      }
    });
    inflate.on('end', () => resolve({ length }));
    inflate.on('error', (error: Error) => resolve({ error: error.message }));
    inflate.end(data);
  });
}

function gifProblem(bytes: Buffer): string | undefined {
  const colourTable = (flags: number) => (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);
  /** Skip data sub-blocks (a length byte, that many bytes, … a zero length). */
  const subBlocks = (from: number): number | undefined => {
    let at = from;
    for (;;) {
      if (at >= bytes.length) return undefined;
      const size = bytes[at]!;
      at += 1 + size;
      if (size === 0) return at;
    }
  };
  let at = 13 + colourTable(bytes[10]!);
  for (;;) {
    if (at >= bytes.length) return 'the file ends before its trailer (3B)';
    const introducer = bytes[at]!;
    if (introducer === 0x3b) {
      const rest = bytes.subarray(at + 1);
      return rest.every((b) => b === 0) ? undefined : `${rest.length} bytes follow its trailer (3B)`;
    }
    let next: number | undefined;
    if (introducer === 0x21) next = subBlocks(at + 2);
    else if (introducer === 0x2c) {
      if (at + 10 > bytes.length) return 'the file ends inside an image descriptor';
      next = subBlocks(at + 10 + colourTable(bytes[at + 9]!) + 1); // + the LZW minimum code size byte
    } else return `an unknown block (${introducer.toString(16).toUpperCase()}) at byte ${at}`;
    if (next === undefined) return 'the file ends inside a block, before its trailer (3B)';
    at = next;
  }
}

function webpProblem(bytes: Buffer): string | undefined {
  const declared = 8 + bytes.readUInt32LE(4);
  if (declared > bytes.length) return `its RIFF header says ${declared} bytes, the file has ${bytes.length}`;
  const rest = bytes.subarray(declared);
  return rest.every((b) => b === 0) ? undefined : `${rest.length} bytes follow the ${declared} its RIFF header declares`;
}
