import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileCoverage, fontCoverage } from '../../src/fonts/cmap.ts';
import { decode, encode, inRanges, rangesOf } from '../../src/fonts/coverage-cache.ts';
import { SYMBOL_FALLBACK } from '../../src/fonts/fallback.ts';

describe('remembered font coverage', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-coverage-cache-'));
  const cache = path.join(work, 'cache');
  const entries = () => readdirSync(path.join(cache, 'cmap')).map((name) => path.join(cache, 'cmap', name));
  const previous = process.env['PAIBAN_CACHE_DIR'];
  before(() => {
    process.env['PAIBAN_CACHE_DIR'] = cache;
  });
  after(() => {
    if (previous === undefined) delete process.env['PAIBAN_CACHE_DIR'];
    else process.env['PAIBAN_CACHE_DIR'] = previous;
    rmSync(work, { recursive: true, force: true });
  });

  test('ranges written and read back: the same code points; anything else is no entry', () => {
    const points = [0x20, 0x21, 0x22, 0x41, 0x4e00, 0x4e01, 0x10ffff];
    const ranges = rangesOf(Uint32Array.from(points));
    assert.deepEqual([...ranges.starts], [0x20, 0x41, 0x4e00, 0x10ffff]);
    assert.deepEqual([...ranges.ends], [0x22, 0x41, 0x4e01, 0x10ffff]);
    const text = encode(ranges, 'k');
    assert.equal(text, 'paiban cmap 1 k\n20-22,41,4e00-4e01,10ffff\n');
    const read = decode(text, 'k')!;
    for (let cp = 0; cp <= 0x10ffff; cp += cp < 0x5000 ? 1 : 0x101) assert.equal(inRanges(read, cp), points.includes(cp), cp.toString(16));
    assert.equal(inRanges(read, 0x10ffff), true);
    assert.deepEqual(decode('paiban cmap 1 k\n\n', 'k'), { starts: new Uint32Array(0), ends: new Uint32Array(0) });
    for (const bad of [
      'paiban cmap 1 other\n20-22\n', // another font's tables
      'paiban cmap 1 k\n20-22', // cut short
      'paiban cmap 1 k\n22-20\n', // backwards
      'paiban cmap 1 k\n20-22,21\n', // overlapping, unsorted
      'paiban cmap 1 k\n20-22,23\n', // adjacent: not as written
      'paiban cmap 1 k\n110000\n', // beyond Unicode
      'paiban cmap 1 k\n20;22\n',
      'paiban cmap 1 k\n20-22\nextra\n',
    ]) {
      assert.equal(decode(bad, 'k'), undefined, JSON.stringify(bad));
    }
  });

  test("a font file's coverage is learnt once, then read from the cache; a damaged entry is learnt again", async () => {
    const font = SYMBOL_FALLBACK.file;
    // What the whole font's cmap maps, read by HarfBuzz from the font's bytes (no cache on that path).
    const truth = await fontCoverage(readFileSync(font));
    const probes = [0x41, 0xe9, 0x3a9, 0x2192, 0x4e2d, 0xe000, 0x20000];
    // DejaVu Sans: Latin, Greek and arrows, no Han (nor its extension B), no private use.
    assert.deepEqual(probes.map(truth), [true, true, true, true, false, false, false]);

    const learnt = await fileCoverage(font);
    assert.deepEqual(probes.map(learnt), probes.map(truth));
    const [entry] = entries();
    assert.ok(entry, 'an entry was written');
    const written = readFileSync(entry, 'latin1');
    for (let cp = 0; cp < 0x30000; cp += 7) assert.equal(learnt(cp), truth(cp), `U+${cp.toString(16)}`);

    // Read back: an entry changed on purpose (A dropped) is what the next lookup answers with.
    const key = written.split('\n')[0]!.split(' ').at(-1)!;
    const withoutA = decode(written, key)!;
    const all = [];
    for (const [i, first] of withoutA.starts.entries()) for (let cp = first; cp <= withoutA.ends[i]!; cp++) if (cp !== 0x41) all.push(cp);
    writeFileSync(entry, encode(rangesOf(Uint32Array.from(all)), key));
    assert.notEqual(readFileSync(entry, 'latin1'), written, 'the entry was changed');
    assert.equal((await fileCoverage(font))(0x41), false, `the cache was read (${key})`);

    // Damaged: learnt again from the font, and rewritten.
    writeFileSync(entry, 'paiban cmap 1 ' + key + '\nnot ranges\n');
    const again = await fileCoverage(font);
    assert.deepEqual(probes.map(again), probes.map(truth));
    assert.equal(readFileSync(entry, 'latin1'), written);
  });
});
