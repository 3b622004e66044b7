import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, test } from 'node:test';
import { identityOf, packForChromium } from '../../src/fonts/served.ts';
import { subsetSfnt } from '../../src/fonts/harfbuzz.ts';

// An independent WOFF 1.0 reader (the package that also packs the HTML output's WOFF).
const { toSfnt } = createRequire(import.meta.url)('woff2sfnt-sfnt2woff') as { toSfnt(woff: Buffer): Buffer };
const DEJAVU = path.join(import.meta.dirname, '../../node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

/** Each table of an sfnt, by tag. */
function tables(sfnt: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (let i = 0; i < sfnt.readUInt16BE(4); i++) {
    const at = 12 + 16 * i;
    const offset = sfnt.readUInt32BE(at + 8);
    out.set(sfnt.toString('latin1', at, at + 4), sfnt.subarray(offset, offset + sfnt.readUInt32BE(at + 12)));
  }
  return out;
}

describe('fonts sent to Chromium as WOFF', () => {
  test('a subset packs to a WOFF 1.0 that unpacks to the same tables, and smaller', async () => {
    const sfnt = await subsetSfnt(DEJAVU, 'Typesetting 0123456789 ÀÉÎÕÜ');
    const woff = await packForChromium(sfnt);
    assert.equal(woff.toString('latin1', 0, 4), 'wOFF');
    assert.equal(woff.readUInt32BE(4), sfnt.readUInt32BE(0), 'flavor');
    assert.equal(woff.readUInt32BE(8), woff.length, 'length');
    assert.ok(woff.length < sfnt.length, `${woff.length} < ${sfnt.length}`);
    const unpacked = toSfnt(woff);
    assert.equal(woff.readUInt32BE(16), unpacked.length, 'totalSfntSize is the size of the font it unpacks to');
    assert.deepEqual(tables(unpacked), tables(sfnt));
  });

  test('what the PDF /ID hashes: the TrueType it stands for', async () => {
    const sfnt = readFileSync(DEJAVU);
    const woff = await packForChromium(sfnt);
    assert.equal(identityOf(woff), sfnt);
    assert.equal(identityOf(sfnt), sfnt);
    // The same subset again (watch mode's next build): the same packing, not another.
    assert.equal(await packForChromium(sfnt), woff);
  });

  test('a font that cannot be packed is sent as it is', async () => {
    const truncated = readFileSync(DEJAVU).subarray(0, 200);
    assert.equal(await packForChromium(truncated), truncated);
    const tiny = Buffer.from('abc');
    assert.equal(await packForChromium(tiny), tiny);
  });
});
