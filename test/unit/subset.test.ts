import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import subsetFont from 'subset-font';
import { fileCoverage, fontCoverage } from '../../src/fonts/cmap.ts';
import { BUILTIN_FILES, FONT_FACES, type FontFace } from '../../src/fonts/faces.ts';
import { facesMade, loadFaces, packWoff, setFaceBudget, stopSubsetter, subsetCoverage, subsetSfnt } from '../../src/fonts/subset-thread.ts';
import { ALWAYS, subsetFace } from '../../src/fonts/subset.ts';
import { SYMBOL_FALLBACK } from '../../src/fonts/fallback.ts';
import { mappedCodePoints, openFont } from '../helpers/opentype.ts';
import { cmapCodePoints, layoutFeatures, readWoff, sfntTables } from '../helpers/sfnt.ts';
import { compileScript } from '../helpers/script.ts';

// woff2sfnt-sfnt2woff's own reader: the WOFF decoded back by the library that packed it.
const { toSfnt } = createRequire(import.meta.url)('woff2sfnt-sfnt2woff') as { toSfnt(woff: Buffer): Buffer };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const face = (file: string): FontFace => FONT_FACES.find((f) => f.file === file)!;
const serif = face(BUILTIN_FILES.serif!.regular);
const sansBold = face(BUILTIN_FILES.sans!.bold!);
const faces = [...new Map(FONT_FACES.map((f) => [f.file, f])).values()];

// Body text with the punctuation the typesetting compresses, a vertical-only
// form, and two characters no built-in face has (∯ U+222F, 𠀾 U+2003E).
const TEXT = '海曙区人民政府工作报告：“十四五”开局之年，全区上下（含街道）——坚持稳中求进。《报告》指出：‘共同富裕’！︐∯𠀾';
const tablesOf = (woff: Buffer) => new Map(readWoff(woff).tables.map((t) => [t.tag, t.data]));
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const sorted = (points: Iterable<number>) => [...points].sort((a, b) => a - b);
/** A tiny TrueType font made for the tests (see make-test-glyphs.py): ∯, 𠀾 (a format 12 cmap) and the space. */
const TEST_GLYPHS = path.join(root, 'test', 'fixtures', 'fonts', 'test-glyphs.ttf');

test('a subset maps exactly the requested characters and the always-present set, where the font has them', async () => {
  for (const f of [serif, sansBold]) {
    // Both sides read by opentype.js, not by paiban's coverage code (HarfBuzz).
    const whole = openFont(readFileSync(f.file));
    const has = mappedCodePoints(whole);
    const expected = new Set([...(ALWAYS + TEXT)].map((c) => c.codePointAt(0)!).filter((cp) => has.has(cp)));
    assert.ok(!expected.has(0x222f) && !expected.has(0x2003e), 'the test needs characters the font lacks');
    // Every Han character of the text but 𠀾 is one the Noto SC fonts have.
    for (const ch of TEXT.match(/\p{Script=Han}/gu)!) assert.equal(expected.has(ch.codePointAt(0)!), ch !== '𠀾', ch);
    const subset = openFont(await subsetFace(f, TEXT));
    assert.deepEqual(sorted(mappedCodePoints(subset)), sorted(expected), f.fileName);
    // Their glyphs and those the layout features reach from them (vertical,
    // full- and half-width and proportional forms of the ASCII and
    // punctuation…), not the font's 30,000.
    assert.ok(subset.numGlyphs > expected.size && subset.numGlyphs < whole.numGlyphs / 20, `${f.fileName}: ${subset.numGlyphs} glyphs for ${expected.size} characters`);
  }
});

test('a subset keeps the layout features punctuation compression and vertical text use', async () => {
  for (const f of [serif, sansBold]) {
    const original = sfntTables(readFileSync(f.file));
    const tables = tablesOf(await subsetFace(f, TEXT));
    const gsub = layoutFeatures(tables.get('GSUB')!);
    const gpos = layoutFeatures(tables.get('GPOS')!);
    for (const tag of ['vert', 'vrt2', 'locl', 'fwid', 'hwid']) assert.ok(gsub.has(tag), `${f.fileName}: GSUB ${tag}`);
    for (const tag of ['halt', 'palt', 'vhal', 'vpal', 'kern']) assert.ok(gpos.has(tag), `${f.fileName}: GPOS ${tag}`);
    // chws/vchw (contextual half-width spacing) where the font has them: Noto Serif SC does.
    for (const tag of ['chws', 'vchw']) if (layoutFeatures(original.get('GPOS')!).has(tag)) assert.ok(gpos.has(tag), `${f.fileName}: GPOS ${tag}`);
    assert.ok(gpos.has('chws') || f !== serif, 'the serif keeps chws');
    // Nothing invented: every feature is one of the font's own.
    for (const tag of gsub) assert.ok(layoutFeatures(original.get('GSUB')!).has(tag), tag);
    for (const tag of gpos) assert.ok(layoutFeatures(original.get('GPOS')!).has(tag), tag);
  }
});

test('the WOFF is well formed: its tables inflate to the subset font’s, with their checksums', async () => {
  const sfnt = await subsetSfnt(serif.file, [...new Set(ALWAYS + TEXT)].sort().join(''));
  const woff = await packWoff(sfnt);
  const parsed = readWoff(woff);
  assert.equal(parsed.signature, 'wOFF');
  assert.equal(parsed.flavor, sfnt.readUInt32BE(0));
  assert.equal(parsed.length, woff.length);
  const tables = sfntTables(sfnt);
  assert.equal(parsed.numTables, tables.size);
  assert.equal(parsed.totalSfntSize, 12 + 16 * tables.size + [...tables.values()].reduce((sum, t) => sum + ((t.length + 3) & ~3), 0));
  for (const table of parsed.tables) {
    assert.ok(table.data.equals(tables.get(table.tag)!), table.tag);
    assert.equal(table.origLength, table.data.length);
    assert.equal(table.offset % 4, 0);
    assert.ok(table.compLength <= table.origLength);
  }
  assert.ok(parsed.tables.find((t) => t.tag === 'glyf')!.compLength < parsed.tables.find((t) => t.tag === 'glyf')!.origLength, 'glyf is compressed');
  // Decoded by the packer's own reader and by opentype.js: the subset's tables and characters.
  const decoded = sfntTables(toSfnt(woff));
  assert.deepEqual([...decoded.keys()].sort(), [...tables.keys()].sort());
  for (const [tag, data] of tables) assert.ok(decoded.get(tag)!.equals(data), tag);
  const fromWoff = openFont(woff);
  const fromSfnt = openFont(sfnt);
  assert.equal(fromWoff.numGlyphs, fromSfnt.numGlyphs);
  assert.deepEqual(sorted(mappedCodePoints(fromWoff)), sorted(mappedCodePoints(fromSfnt)));
  assert.ok(mappedCodePoints(fromWoff).has('曙'.codePointAt(0)!));
});

test('a font whose table checksum is wrong is refused by the WOFF packer, with an Error', async () => {
  const sfnt = Buffer.from(await subsetSfnt(serif.file, '中文'));
  const glyf = [...Array(sfnt.readUInt16BE(4)).keys()].map((i) => 12 + i * 16).find((at) => sfnt.toString('latin1', at, at + 4) === 'glyf')!;
  sfnt.writeUInt32BE((sfnt.readUInt32BE(glyf + 4) + 1) >>> 0, glyf + 4);
  // Packed in the subsetter's thread: its error comes back with the same message.
  await assert.rejects(packWoff(sfnt), (e) => e instanceof Error && e.message === 'cannot pack the font as WOFF: Checksum Mismatch!');
  // The caller keeps its font (the thread was given a copy).
  assert.equal(sfnt.toString('latin1', glyf, glyf + 4), 'glyf');
});

test('a file that is not a font fails its subset with a message naming it, and the thread goes on', async () => {
  const notFont = fileURLToPath(import.meta.url);
  // Asked ahead (as a build does): the failure is the subset's, not the preload's.
  loadFaces([notFont]);
  await assert.rejects(subsetSfnt(notFont, '中文'), (e) => e instanceof Error && e.message === `${notFont}: not a TrueType/OpenType font`);
  await assert.rejects(subsetSfnt(path.join(root, 'no-such-font.ttf'), '中文'), (e) => e instanceof Error && /ENOENT.*no-such-font\.ttf/.test(e.message));
  const after = await subsetSfnt(serif.file, [...new Set(ALWAYS + '中文')].sort().join(''));
  assert.ok(cmapCodePoints(sfntTables(after).get('cmap')!).has('中'.codePointAt(0)!));
});

test('a subset asked of a thread that dies fails with an Error, and the next one starts a new thread', async () => {
  const chars = [...new Set(ALWAYS + TEXT)].sort().join('');
  const reference = await subsetSfnt(serif.file, chars);
  // Its rejection is awaited from the start: it comes while the thread is being stopped.
  const lost = assert.rejects(subsetSfnt(sansBold.file, chars), (e) => e instanceof Error && /the font subsetter's thread exited/.test(e.message));
  await stopSubsetter();
  await lost;
  assert.ok((await subsetSfnt(serif.file, chars)).equals(reference));
  assert.equal(await facesMade(), 1, 'a new thread, which made only the face it was asked for');
});

test('a process that started the subsetter and asked for faces exits without waiting for them', () => {
  // With the thread holding the process open while idle, this would never exit (the timeout fails the test).
  const script = `import { loadFaces, startSubsetter } from './src/fonts/subset-thread.ts';
    startSubsetter();
    loadFaces(${JSON.stringify(faces.map((f) => f.file))});
    process.stdout.write('asked');`;
  return compileScript(script).then((code) => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    assert.equal(out, 'asked');
  });
});

test('byte for byte what subset-font 2.9.0 made: editions built before keep their font hashes', async () => {
  const texts = [TEXT, '', '中文排版测试。'.repeat(3) + String.fromCodePoint(...Array.from({ length: 600 }, (_, i) => 0x4e00 + i * 29))];
  for (const f of [serif, sansBold]) {
    const bytes = readFileSync(f.file);
    for (const text of texts) {
      const chars = [...new Set(ALWAYS + text)].sort().join('');
      const expected = await subsetFont(bytes, chars, { targetFormat: 'woff' });
      assert.ok((await subsetFace(f, text)).equals(expected), `${f.fileName}, ${chars.length} characters`);
    }
  }
});

test('deterministic: the same characters give the same bytes after other subsets and in another process', async () => {
  const chars = [...new Set(ALWAYS + TEXT)].sort().join('');
  const first = await packWoff(await subsetSfnt(serif.file, chars));
  await subsetSfnt(serif.file, `${chars}一二三四五六七八九十`);
  await Promise.all(faces.map((f) => subsetSfnt(f.file, '永和九年')));
  const again = await packWoff(await subsetSfnt(serif.file, chars));
  assert.ok(first.equals(again));
  const script = `import { subsetFace } from './src/fonts/subset.ts'; import { FONT_FACES } from './src/fonts/faces.ts';
    import { createHash } from 'node:crypto';
    const face = FONT_FACES.find((f) => f.file === ${JSON.stringify(serif.file)});
    process.stdout.write(createHash('sha256').update(await subsetFace(face, ${JSON.stringify(TEXT)})).digest('hex'));`;
  const other = execFileSync(process.execPath, ['--input-type=module', '-e', await compileScript(script)], { cwd: root, encoding: 'utf8' });
  assert.equal(other, sha(await subsetFace(serif, TEXT)));
});

test('a second document in the process reuses each face: no font is parsed again', async () => {
  // The Noto faces (about 51 MB) fit the subsetter's fixed heap together; with the 楷 and 等宽 files too
  // (about 56 MB) one is let go and read again per document (budget test below).
  const noto = faces.filter((f) => /NotoS(?:erif|ans)SC/.test(f.file));
  assert.ok(noto.length >= 3);
  await Promise.all(noto.map((f) => subsetFace(f, `${TEXT}第一册`)));
  const before = await facesMade();
  const second = await Promise.all(noto.map((f) => subsetFace(f, `${TEXT}第二册`)));
  assert.equal(await facesMade(), before, 'no hb_face made for the second document');
  for (const woff of second) assert.ok(cmapCodePoints(tablesOf(woff).get('cmap')!).has('二'.codePointAt(0)!));
});

test('faces beyond the memory budget are let go and made again, never while a subset uses them', async () => {
  const reference = await Promise.all(faces.map((f) => subsetFace(f, `${TEXT}预算`)));
  try {
    await setFaceBudget(1); // every face is over budget as soon as another is made
    const before = await facesMade();
    const chars = [...new Set(ALWAYS + TEXT + '预算')].sort().join('');
    // All four at once: each is in use while the others are made.
    const woffs = await Promise.all(faces.map(async (f) => packWoff(await subsetSfnt(f.file, chars))));
    woffs.forEach((woff, i) => assert.ok(woff.equals(reference[i]!), faces[i]!.fileName));
    // One after another: each new face evicts the one before it.
    for (const f of faces) await subsetSfnt(f.file, chars);
    assert.ok((await facesMade()) > before, 'faces were made again after eviction');
  } finally {
    await setFaceBudget(96 * 1024 * 1024);
  }
});

test('coverage (HarfBuzz, from the cmap and maxp tables alone) is what opentype.js reads from the whole font', async () => {
  // Format 4 and 12 cmaps: the Noto SC fonts, DejaVu Sans (the symbol fallback) and the test font, whose 𠀾 is beyond the BMP.
  for (const file of [serif.file, sansBold.file, SYMBOL_FALLBACK.file, TEST_GLYPHS]) {
    const bytes = readFileSync(file);
    const expected = mappedCodePoints(openFont(bytes));
    const fromFile = await fileCoverage(file);
    const fromBytes = await fontCoverage(bytes);
    const differ: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) if (fromFile(cp) !== expected.has(cp) || fromBytes(cp) !== expected.has(cp)) differ.push(`U+${cp.toString(16)}`);
    assert.deepEqual(differ.slice(0, 10), [], `${path.basename(file)}: ${differ.length} code points differ`);
  }
  // Hand-written expectations for the test font: exactly its three characters.
  const test = await fileCoverage(TEST_GLYPHS);
  assert.deepEqual([0x20, 0x222f, 0x2003e, 0x4e2d, 0x2003d, 0].map(test), [true, true, true, false, false, false]);
});

test('coverage of a subset (what a build checks for fallbacks) is what opentype.js reads from the subset', async () => {
  const woff = await subsetFace(serif, TEXT);
  const sfnt = toSfnt(woff);
  const expected = mappedCodePoints(openFont(woff));
  const has = await fontCoverage(sfnt);
  // The same, read in the subsetter's thread (what a build's print checks).
  const inThread = await subsetCoverage(await subsetSfnt(serif.file, [...new Set(ALWAYS + TEXT)].sort().join('')));
  assert.ok(expected.size > 100);
  for (let cp = 0; cp <= 0x2ffff; cp++) {
    assert.equal(has(cp), expected.has(cp), `U+${cp.toString(16)}`);
    assert.equal(inThread(cp), expected.has(cp), `U+${cp.toString(16)} (subsetter thread)`);
  }
});

test('a file with no cmap covers nothing', async () => {
  const bytes = Buffer.from('00010000000000000000000000', 'hex');
  assert.equal((await fontCoverage(bytes))(0x41), false);
  assert.equal((await subsetCoverage(bytes))(0x41), false);
});
