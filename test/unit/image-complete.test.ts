// Whole images pass the structure check and cut ones do not. The valid
// images are written by real encoders (Skia's JPEG, PNG and WebP through
// @napi-rs/canvas, pngjs) or are the format's own smallest files; the
// damaged ones are those images cut short or followed by other bytes.
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { describe, test } from 'node:test';
import { incompleteImage, pngDataSize } from '../../src/markdown/image-complete.ts';
import { sniffImage, type ImageHeader } from '../../src/markdown/image-sniff.ts';
import { drawnImage, makePng } from '../helpers/png.ts';

const drawn = (type: 'jpeg' | 'png' | 'webp') => drawnImage(type, 120, 80);

/** A 1 × 1 GIF89a with a graphic control extension: the format's smallest whole file. */
const GIF_1X1 = Buffer.from('47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b', 'hex');

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]); // CRCs are not this check's business
}

/** An Adam7-interlaced 8-bit grey PNG, its passes' scanlines written here from the spec's table. */
function interlacedPng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 1], 8);
  const rows: Buffer[] = [];
  for (const [x0, y0, dx, dy] of [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const) {
    const w = Math.ceil((width - x0) / dx);
    const h = Math.ceil((height - y0) / dy);
    if (w > 0 && h > 0) for (let y = 0; y < h; y++) rows.push(Buffer.alloc(1 + w, 0x80).fill(0, 0, 1));
  }
  const signature = Buffer.from('89504e470d0a1a0a', 'hex');
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

async function problem(bytes: Buffer): Promise<string | undefined> {
  const sniffed = sniffImage(bytes);
  if (!sniffed.ok) return `sniff: ${sniffed.reason}`;
  return incompleteImage(bytes, sniffed.header.type);
}

const VALID: [string, () => Buffer][] = [
  ['a JPEG from Skia', () => drawn('jpeg')],
  ['a PNG from Skia', () => drawn('png')],
  ['a PNG from pngjs', () => makePng(37, 23)],
  ['an interlaced PNG (Adam7, 13 × 9)', () => interlacedPng(13, 9)],
  ['an interlaced PNG (Adam7, 1 × 1)', () => interlacedPng(1, 1)],
  ['a WebP from Skia', () => drawn('webp')],
  ['a 1 × 1 GIF', () => GIF_1X1],
];

describe('whole images pass', () => {
  for (const [name, make] of VALID) {
    test(name, async () => assert.equal(await problem(make()), undefined));
    test(`${name}, with 512 zero bytes of padding after it`, async () => assert.equal(await problem(Buffer.concat([make(), Buffer.alloc(512)])), undefined));
  }

  test('a JPEG followed by what cameras append after its end: a second JPEG (MPF preview) and a maker trailer', async () => {
    const photo = Buffer.concat([drawn('jpeg'), drawn('jpeg'), Buffer.from('SEFHSEFT maker trailer \u0001\u0002', 'latin1')]);
    assert.equal(await problem(photo), undefined);
  });

  test('the scanline sizes of PNG’s shapes', () => {
    assert.equal(pngDataSize(10, 3, 8, 2, false), 3 * (1 + 30));
    assert.equal(pngDataSize(10, 3, 1, 0, false), 3 * (1 + 2));
    assert.equal(pngDataSize(3, 2, 16, 6, false), 2 * (1 + 24));
    // 8 × 8 interlaced, 8-bit grey: passes of 1×1, 1×1, 2×1, 2×2, 4×2, 4×4, 8×4 pixels.
    assert.equal(pngDataSize(8, 8, 8, 0, true), 2 + 2 + 3 + 2 * 3 + 2 * 5 + 4 * 5 + 4 * 9);
    assert.equal(pngDataSize(10, 10, 7, 2, false), undefined);
  });
});

describe('cut or damaged images are refused, saying why', () => {
  for (const [name, make] of VALID) {
    test(`${name}, cut short at any of several points`, async () => {
      const whole = make();
      for (const length of new Set([Math.floor(whole.length / 2), Math.floor(whole.length * 0.9), whole.length - 1, whole.length - 2])) {
        const reason = await problem(whole.subarray(0, length));
        assert.ok(reason, `${name} cut to ${length} of ${whole.length} bytes is refused`);
      }
    });
  }

  test('JPEG: the reason names the missing end-of-image marker', async () => {
    const jpeg = drawn('jpeg');
    assert.equal(await problem(jpeg.subarray(0, jpeg.length - 2)), 'the file ends inside its scan data, before the end-of-image marker (FFD9)');
  });

  test('PNG: complete zlib data for fewer rows than the IHDR declares', async () => {
    const png = makePng(10, 10);
    png.writeUInt32BE(20, 20); // IHDR height 10 → 20
    assert.equal(await problem(png), 'its IDAT data inflates to 310 of the 620 bytes its IHDR implies');
  });

  test('PNG: IDAT data that is not zlib', async () => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', Buffer.from([0, 0, 0, 2, 0, 0, 0, 2, 8, 0, 0, 0, 0])), chunk('IDAT', Buffer.from('not zlib')), chunk('IEND', Buffer.alloc(0))]);
    assert.match((await problem(png))!, /^its IDAT data is not a complete zlib stream \(incorrect header check\)$/);
  });

  test('PNG: more data than the IHDR implies (a bomb behind a small header) is counted, not inflated whole', async () => {
    const header = Buffer.from([0, 0, 0, 2, 0, 0, 0, 2, 8, 0, 0, 0, 0]);
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.alloc(64 * 1024 * 1024))), chunk('IEND', Buffer.alloc(0))]);
    assert.equal(await problem(png), 'its IDAT data inflates to more than the 6 bytes its IHDR implies');
  });

  test('GIF and WebP: bytes after the end that are not padding', async () => {
    assert.equal(await problem(Buffer.concat([GIF_1X1, Buffer.from('junk')])), '4 bytes follow its trailer (3B)');
    const webp = drawn('webp');
    assert.match((await problem(Buffer.concat([webp, Buffer.from('junk')])))!, /^4 bytes follow the \d+ its RIFF header declares$/);
  });
});
