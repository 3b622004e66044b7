// Images are checked for what they are before anything is copied or
// printed: a regular file of this user with one link, within the size limit,
// whose bytes are the image type its name says, declaring a sane pixel size.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { createCanvas } from '@napi-rs/canvas';
import { PNG } from 'pngjs';
import { UserError } from '../../src/errors.ts';
import { collectImages } from '../../src/markdown/images.ts';
import { sniffImage } from '../../src/markdown/image-sniff.ts';
import { parseMarkdown } from '../../src/markdown/parse.ts';
import { makePng } from '../helpers/png.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-images-'));
after(() => rmSync(work, { recursive: true, force: true }));

const doc = path.join(work, 'doc');
mkdirSync(doc);

/** collectImages on one `![图](name)`: the error message, or 'ok'. */
async function outcome(name: string): Promise<string> {
  try {
    await collectImages(parseMarkdown(`正文\n\n![图](${name})`), doc, 'x.md');
    return 'ok';
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    assert.equal(error.line, 3, 'the Markdown line that uses the image');
    return error.message;
  }
}

/** A minimal baseline JPEG header: SOI, APP0/JFIF, SOF0 declaring width × height. */
function jpegHeader(width: number, height: number): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9])]);
}

test('sniff: the declared pixel size of each format, from its header', () => {
  assert.deepEqual(sniffImage(makePng(60, 40)), { ok: true, header: { type: 'image/png', width: 60, height: 40 } });
  assert.deepEqual(sniffImage(PNG.sync.write(new PNG({ width: 7, height: 300 }))), { ok: true, header: { type: 'image/png', width: 7, height: 300 } });
  assert.deepEqual(sniffImage(jpegHeader(1024, 768)), { ok: true, header: { type: 'image/jpeg', width: 1024, height: 768 } });
  // GIF89a, 3 × 2: logical screen width and height, little-endian (GIF89a spec §18).
  const gif = Buffer.from('474946383961030002000000003b', 'hex');
  assert.deepEqual(sniffImage(gif), { ok: true, header: { type: 'image/gif', width: 3, height: 2 } });
  // WebP lossless (VP8L), 5 × 9: 14-bit width-1 and height-1 after the 0x2f signature byte.
  const bits = (5 - 1) | ((9 - 1) << 14);
  const vp8l = Buffer.concat([Buffer.from('RIFF\0\0\0\0WEBPVP8L\0\0\0\0', 'latin1'), Buffer.from([0x2f]), Buffer.from([bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, bits >>> 24])]);
  assert.deepEqual(sniffImage(vp8l), { ok: true, header: { type: 'image/webp', width: 5, height: 9 } });
  assert.deepEqual(sniffImage(Buffer.from('<?xml version="1.0"?>\n<!-- map -->\n<svg xmlns="http://www.w3.org/2000/svg"/>')), { ok: true, header: { type: 'image/svg+xml' } });
  for (const bytes of ['<!DOCTYPE html><html><body><svg></svg>', 'GIF8', '\x89PNG\r\n\x1a\n', 'plain text', '']) {
    assert.equal(sniffImage(Buffer.from(bytes, 'latin1')).ok, false, JSON.stringify(bytes));
  }
});

test('a real image of the type its name says is read', async () => {
  writeFileSync(path.join(doc, 'map.png'), makePng(60, 40));
  // A whole JPEG, encoded by Skia: a header alone is now refused as truncated (src/markdown/image-complete.ts).
  writeFileSync(path.join(doc, 'photo.jpg'), createCanvas(80, 60).encodeSync('jpeg', 90));
  writeFileSync(path.join(doc, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
  for (const name of ['map.png', 'photo.jpg', 'icon.svg']) assert.equal(await outcome(name), 'ok', name);
});

test('HTML named .jpg, a PNG named .jpg, junk named .png: refused, naming the file', async () => {
  writeFileSync(path.join(doc, 'page.jpg'), '<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>');
  writeFileSync(path.join(doc, 'renamed.jpg'), makePng(4, 4));
  writeFileSync(path.join(doc, 'junk.png'), 'not an image at all');
  assert.match(await outcome('page.jpg'), /^image "page\.jpg" is not a PNG, JPEG, GIF, WebP, AVIF or SVG image/);
  assert.match(await outcome('renamed.jpg'), /^image "renamed\.jpg" is named as image\/jpeg but its bytes are image\/png/);
  assert.match(await outcome('junk.png'), /^image "junk\.png" is not a PNG/);
});

test('a decompression bomb is refused by the size its header declares', async () => {
  // 100,000 × 100,000 pixels in a file of a few hundred bytes.
  const header = makePng(1, 1);
  header.writeUInt32BE(100_000, 16);
  header.writeUInt32BE(100_000, 20);
  writeFileSync(path.join(doc, 'bomb.png'), header);
  assert.match(await outcome('bomb.png'), /^image "bomb\.png" declares 100000 × 100000 pixels; the limit is 64,000,000 \(raise it with PAIBAN_MAX_IMAGE_PIXELS\)/);
});

test('a JPEG header without its scan data, and a JPEG cut short, are refused as truncated', async () => {
  writeFileSync(path.join(doc, 'header.jpg'), jpegHeader(800, 600));
  const whole = createCanvas(80, 60).encodeSync('jpeg', 90);
  writeFileSync(path.join(doc, 'cut.jpg'), whole.subarray(0, whole.length - 10));
  assert.equal(await outcome('header.jpg'), 'image "header.jpg" is truncated or corrupt: it ends (FFD9) before any scan data (SOS)');
  assert.equal(await outcome('cut.jpg'), 'image "cut.jpg" is truncated or corrupt: the file ends inside its scan data, before the end-of-image marker (FFD9)');
});

test('a hard link to a file outside the folder is refused', async () => {
  const secret = path.join(work, 'secret.png');
  writeFileSync(secret, makePng(2, 2));
  linkSync(secret, path.join(doc, 'linked.png'));
  assert.match(await outcome('linked.png'), /^image "linked\.png" has 2 hard links, so it may be a file from elsewhere; copy the file in, or set PAIBAN_ALLOW_FOREIGN_FILES=1/);
  process.env['PAIBAN_ALLOW_FOREIGN_FILES'] = '1';
  try {
    assert.equal(await outcome('linked.png'), 'ok');
  } finally {
    delete process.env['PAIBAN_ALLOW_FOREIGN_FILES'];
  }
});

test('a file of another user is refused', { skip: process.getuid?.() !== 0 && 'needs root to give a file away' }, async () => {
  writeFileSync(path.join(doc, 'theirs.png'), makePng(2, 2));
  execFileSync('chown', ['65534', path.join(doc, 'theirs.png')]);
  assert.match(await outcome('theirs.png'), /^image "theirs\.png" belongs to another user \(uid 65534\)/);
});

test('a sparse 1 GiB "PNG" is refused by size, without reading it', async () => {
  const file = path.join(doc, 'sparse.png');
  writeFileSync(file, makePng(1, 1));
  truncateSync(file, 1024 ** 3);
  assert.match(await outcome('sparse.png'), /^image "sparse\.png" is 1024 MiB; the limit is 64 MiB \(raise it with PAIBAN_MAX_IMAGE_SIZE\)/);
});

test('a FIFO named .png is refused at once', async () => {
  execFileSync('mkfifo', [path.join(doc, 'pipe.png')]);
  assert.match(await outcome('pipe.png'), /^image "pipe\.png" is not a regular file/);
});
