// A build stops the font subsetter's thread once every document's subsets
// are made (src/cli/build.ts → releaseSubsetter): the fonts it read into
// HarfBuzz's heap are given back before Chromium lays the pages out, when a
// build's memory peaks. Whatever is asked of the subsetter afterwards (the
// HTML output's WOFF, an EPUB's subsets) must still work, in a new thread.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { FONT_FACES } from '../../src/fonts/faces.ts';
import { packWoff, releaseSubsetter, stopSubsetter, subsetSfnt, subsetterRunning } from '../../src/fonts/subset-thread.ts';
import { paiban, repoRoot } from '../helpers/cli.ts';

const report = path.join(repoRoot, 'test', 'fixtures', 'report');
const serif = FONT_FACES.find((face) => face.role === 'serif' && face.weight === 400)!;
const WOFF_SIGNATURE = 'wOFF';

describe('releasing the subsetter thread', () => {
  after(() => stopSubsetter());

  test('released when idle: the thread stops at once, and a later request starts a new one', async () => {
    const sfnt = await subsetSfnt(serif.file, '中文');
    assert.equal(subsetterRunning(), true);
    releaseSubsetter();
    assert.equal(subsetterRunning(), false);
    const woff = await packWoff(sfnt);
    assert.equal(woff.toString('latin1', 0, 4), WOFF_SIGNATURE);
    assert.equal(subsetterRunning(), true);
  });

  test('released while a subset is pending: that subset is answered, then the thread stops', async () => {
    // The request is posted before subsetSfnt returns; the thread cannot answer it within this turn.
    const pending = subsetSfnt(serif.file, '排版');
    releaseSubsetter();
    assert.equal(subsetterRunning(), true, 'after the release, the subset pending');
    const sfnt = await pending;
    // An sfnt (TrueType) starts with version 0x00010000.
    assert.equal(sfnt.readUInt32BE(0), 0x00010000);
    assert.equal(subsetterRunning(), false);
  });
});

describe('a build', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paiban-subsetter-release-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const traceOf = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('paiban: trace '));
  const RELEASED = 'fonts: subsetter released, no more subsets to make';

  test("of several documents releases the thread once, after the last one's subsets are made", () => {
    const docs = ['one', 'two', 'three'].map((name) => {
      const doc = path.join(dir, name);
      cpSync(report, doc, { recursive: true });
      return doc;
    });
    const run = paiban(['build', ...docs, '--format', 'html', '--jobs', '2', '--force', '--out', path.join(dir, 'several')], { env: { PAIBAN_TRACE: '1', PAIBAN_CACHE_DIR: path.join(dir, 'cache-several') } });
    assert.equal(run.code, 0, run.stderr);
    const lines = traceOf(run.stderr);
    const released = lines.flatMap((line, i) => (line.endsWith(RELEASED) ? [i] : []));
    assert.equal(released.length, 1, lines.join('\n'));
    const subsetsMade = lines.flatMap((line, i) => (line.endsWith('fonts: subsets made') ? [i] : []));
    assert.equal(subsetsMade.length, 3, lines.join('\n'));
    assert.ok(subsetsMade.every((i) => i < released[0]!), lines.join('\n'));
    // The HTML outputs' WOFF, packed after the release (the cache was empty), are WOFF files of the length their header gives.
    for (const name of ['one', 'two', 'three']) {
      const fonts = path.join(dir, 'several', name, 'assets', 'fonts');
      const files = readdirSync(fonts);
      assert.ok(files.length >= 2, `${name}: ${files.join(', ')}`);
      for (const file of files) {
        const woff = readFileSync(path.join(fonts, file));
        assert.equal(woff.toString('latin1', 0, 4), WOFF_SIGNATURE, file);
        assert.equal(woff.readUInt32BE(8), woff.length, file);
      }
    }
  });

  test('that prints releases the thread before Chromium prints, and one with an EPUB after its own subsets', () => {
    const doc = path.join(dir, 'report');
    cpSync(report, doc, { recursive: true });
    const printed = paiban(['build', doc, '--format', 'pdf,html', '--force', '--out', path.join(dir, 'printed')], { env: { PAIBAN_TRACE: '1', PAIBAN_CACHE_DIR: path.join(dir, 'cache-printed') } });
    assert.equal(printed.code, 0, printed.stderr);
    const lines = traceOf(printed.stderr);
    const released = lines.findIndex((line) => line.endsWith(RELEASED));
    const firstPrint = lines.findIndex((line) => / render pdf: pass 1$/.test(line));
    assert.ok(released >= 0 && firstPrint >= 0 && released < firstPrint, lines.join('\n'));
    // Built again, its HTML WOFF remembered: the print's coverage check was asked before the release, so one thread served the build.
    const again = paiban(['build', doc, '--format', 'pdf,html', '--force', '--out', path.join(dir, 'printed')], { env: { PAIBAN_TRACE: '1', PAIBAN_CACHE_DIR: path.join(dir, 'cache-printed') } });
    assert.equal(again.code, 0, again.stderr);
    const againLines = traceOf(again.stderr);
    assert.equal(againLines.filter((line) => line.endsWith('fonts: subsetter thread started')).length, 1, againLines.join('\n'));
    assert.ok(againLines.some((line) => line.endsWith('fonts: a WOFF for the HTML taken from the cache')), againLines.join('\n'));

    const withEpub = paiban(['build', doc, '--format', 'epub', '--force', '--out', path.join(dir, 'epub')], { env: { PAIBAN_TRACE: '1', PAIBAN_CACHE_DIR: path.join(dir, 'cache-epub') } });
    assert.equal(withEpub.code, 0, withEpub.stderr);
    const epubLines = traceOf(withEpub.stderr);
    const epubReleased = epubLines.findIndex((line) => line.endsWith(RELEASED));
    const epubPrint = epubLines.findIndex((line) => / render pdf: pass 1$/.test(line));
    assert.ok(epubPrint >= 0 && epubReleased > epubPrint, epubLines.join('\n'));
  });
});
