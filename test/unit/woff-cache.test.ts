import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { subsetSfnt } from '../../src/fonts/harfbuzz.ts';
import { cachedWoff, PACKER, unpacksTo } from '../../src/fonts/woff-cache.ts';

// The packer itself (not paiban's code) makes every expected WOFF here.
const require = createRequire(import.meta.url);
const { toWoff } = require('woff2sfnt-sfnt2woff') as { toWoff(sfnt: Buffer): Buffer };
const DEJAVU = path.join(import.meta.dirname, '../../node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

describe('the HTML WOFF cache', () => {
  let cache: string;
  let previous: string | undefined;
  let sfnt: Buffer;
  let other: Buffer;
  const entries = () => (existsSync(path.join(cache, 'woff')) ? readdirSync(path.join(cache, 'woff')).filter((name) => name.endsWith('.woff')) : []);
  const entryPath = () => path.join(cache, 'woff', entries()[0]!);
  /** The real packer, counting its calls. */
  const counting = () => {
    const calls = { n: 0 };
    return { calls, pack: async (bytes: Buffer) => (calls.n++, toWoff(bytes)) };
  };

  before(async () => {
    cache = mkdtempSync(path.join(os.tmpdir(), 'paiban-woff-cache-'));
    previous = process.env['PAIBAN_CACHE_DIR'];
    process.env['PAIBAN_CACHE_DIR'] = cache;
    sfnt = await subsetSfnt(DEJAVU, 'Typesetting 0123456789 ÀÉÎÕÜ');
    other = await subsetSfnt(DEJAVU, 'Another subset');
  });
  after(() => {
    if (previous === undefined) delete process.env['PAIBAN_CACHE_DIR'];
    else process.env['PAIBAN_CACHE_DIR'] = previous;
    rmSync(cache, { recursive: true, force: true });
  });

  test('the packer named is the one installed', () => {
    const packerVersion = (require('woff2sfnt-sfnt2woff/package.json') as { version: string }).version;
    const pakoVersion = (createRequire(require.resolve('woff2sfnt-sfnt2woff'))('pako/package.json') as { version: string }).version;
    assert.equal(PACKER, `woff2sfnt-sfnt2woff ${packerVersion}, pako ${pakoVersion}, level 6`);
  });

  test('a subset packed once is taken from the cache the next time, the same bytes', async () => {
    const { calls, pack } = counting();
    const first = await cachedWoff(sfnt, pack);
    const second = await cachedWoff(sfnt, pack);
    assert.equal(calls.n, 1);
    assert.deepEqual(first, toWoff(sfnt));
    assert.deepEqual(second, toWoff(sfnt));
    assert.equal(entries().length, 1);
  });

  test('a damaged entry is packed again and replaced', async () => {
    const file = entryPath();
    const damaged = readFileSync(file);
    damaged[damaged.length - 8]! ^= 0xff;
    writeFileSync(file, damaged);
    const { calls, pack } = counting();
    assert.deepEqual(await cachedWoff(sfnt, pack), toWoff(sfnt));
    assert.equal(calls.n, 1);
    assert.deepEqual(readFileSync(file), toWoff(sfnt));
  });

  test('a link planted as the entry is neither followed nor written through', async () => {
    const file = entryPath();
    const elsewhere = path.join(cache, 'elsewhere.woff');
    writeFileSync(elsewhere, toWoff(sfnt));
    rmSync(file);
    symlinkSync(elsewhere, file);
    const { calls, pack } = counting();
    assert.deepEqual(await cachedWoff(sfnt, pack), toWoff(sfnt));
    assert.equal(calls.n, 1, 'the genuine WOFF behind the link was not taken');
    assert.deepEqual(readFileSync(elsewhere), toWoff(sfnt), 'nothing written through the link');
    rmSync(file);
  });

  test('at most 64 entries: the oldest written go first', async () => {
    const folder = path.join(cache, 'woff');
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < 70; i++) {
      const name = path.join(folder, `${String(i).padStart(64, '0')}.woff`);
      writeFileSync(name, 'x');
      utimesSync(name, 1_000_000 + i, 1_000_000 + i);
    }
    await cachedWoff(other, counting().pack);
    const left = entries();
    assert.equal(left.length, 64);
    for (let i = 0; i < 7; i++) assert.ok(!left.includes(`${String(i).padStart(64, '0')}.woff`), `entry ${i} (among the oldest) is gone`);
    assert.ok(left.includes(`${String(69).padStart(64, '0')}.woff`));
  });

  test('an unwritable cache still gives the WOFF', async () => {
    process.env['PAIBAN_CACHE_DIR'] = path.join(cache, 'elsewhere.woff', 'below-a-file');
    try {
      const { calls, pack } = counting();
      assert.deepEqual(await cachedWoff(sfnt, pack), toWoff(sfnt));
      assert.deepEqual(await cachedWoff(sfnt, pack), toWoff(sfnt));
      assert.equal(calls.n, 2);
    } finally {
      process.env['PAIBAN_CACHE_DIR'] = cache;
    }
  });
});

describe('unpacksTo: only the WOFF the packer writes for these very bytes', () => {
  let sfnt: Buffer;
  let woff: Buffer;
  before(async () => {
    sfnt = await subsetSfnt(DEJAVU, 'Typesetting 0123456789 ÀÉÎÕÜ');
    woff = toWoff(sfnt);
  });
  const changed = (edit: (copy: Buffer) => Buffer | void): Buffer => {
    const copy = Buffer.from(woff);
    return edit(copy) ?? copy;
  };
  const entry = (i: number) => 44 + 20 * i;

  test('the genuine one is taken', async () => {
    assert.equal(await unpacksTo(woff, sfnt), true);
  });

  test('anything else is not', async () => {
    const otherSfnt = await subsetSfnt(DEJAVU, 'Typesetting 0123456789 ÀÉÎÕ');
    const firstCompressed = Array.from({ length: woff.readUInt16BE(12) }, (_, i) => i).find((i) => woff.readUInt32BE(entry(i) + 8) < woff.readUInt32BE(entry(i) + 12))!;
    const cases: [string, Buffer][] = [
      ['another subset’s WOFF', toWoff(otherSfnt)],
      ['truncated', woff.subarray(0, woff.length - 4)],
      ['a byte more', Buffer.concat([woff, Buffer.alloc(4)])],
      ['not WOFF', changed((c) => void c.write('wOF2', 0, 'latin1'))],
      ['a metadata block named', changed((c) => void c.writeUInt32BE(44, 24))],
      ['a version set', changed((c) => void c.writeUInt16BE(1, 20))],
      ['two directory entries swapped', changed((c) => {
        const a = Buffer.from(c.subarray(entry(0), entry(1)));
        c.subarray(entry(1), entry(2)).copy(c, entry(0));
        a.copy(c, entry(1));
      })],
      ['a compressed table’s bytes changed', changed((c) => void (c[c.readUInt32BE(entry(firstCompressed) + 4) + 10]! ^= 0x01))],
      ['a checksum changed', changed((c) => void c.writeUInt32BE((c.readUInt32BE(entry(0) + 16) + 1) >>> 0, entry(0) + 16))],
      ['the sfnt size changed', changed((c) => void c.writeUInt32BE(c.readUInt32BE(16) + 4, 16))],
    ];
    for (const [name, bad] of cases) assert.equal(await unpacksTo(bad, sfnt), false, name);
  });
});
