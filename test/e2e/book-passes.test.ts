// A book's later passes print in the tab of the first, their body swapped in
// (Renderer.printVersions). The same book printed with every pass in a fresh
// tab (PAIBAN_PASS_TABS=fresh, the way before) must come out the same, as
// readers see it: pdf.js and poppler read both, not paiban.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { paiban, repoRoot } from '../helpers/cli.ts';
import { readBook, type BookReading } from '../helpers/book-reading.ts';

/** A booklet with a cover, a contents page, blank pages before chapters, a figure, a table with header cells, footnotes. */
const fixture = path.join(repoRoot, 'test', 'fixtures', 'a11y');
const SWAPPED = /next version printed in the same tab/;

describe('a book printed in one tab equals the book printed a tab per pass', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-passes-'));
  const built: Record<'oneTab' | 'again' | 'fresh', { reading: BookReading; stderr: string }> = {} as never;
  before(async () => {
    for (const [name, env] of [['oneTab', {}], ['again', {}], ['fresh', { PAIBAN_PASS_TABS: 'fresh' }]] as const) {
      const out = path.join(work, name);
      const result = paiban(['build', fixture, '--out', out, '--format', 'pdf', '--force'], { env: { PAIBAN_TRACE: '1', ...env } });
      assert.equal(result.code, 0, result.stderr);
      built[name] = { reading: await readBook(path.join(out, 'a11y', 'a11y.pdf')), stderr: result.stderr };
    }
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test('it took two passes, the second in the first one\'s tab (and a tab each when asked)', () => {
    for (const name of ['oneTab', 'fresh'] as const) {
      const passes = [...built[name].stderr.matchAll(/render pdf: pass (\d+)/g)].map((m) => Number(m[1]));
      assert.deepEqual(passes, [1, 2], name);
    }
    assert.match(built.oneTab.stderr, SWAPPED);
    assert.doesNotMatch(built.fresh.stderr, SWAPPED);
  });

  test('same pages, text, page labels, contents numbers, outline and structure-order text', () => {
    const one = built.oneTab.reading;
    const fresh = built.fresh.reading;
    // The book has what the second pass exists for: a blank page and a contents page with numbers.
    assert.ok(one.pages.includes(''), `a blank page among ${one.pages.length}`);
    const contents = one.pages.find((page) => page.includes('目录'));
    assert.ok(contents && /一、图和表\D*[1-9]/.test(contents), `contents numbered: ${contents}`);
    assert.equal(one.pages.length, fresh.pages.length);
    assert.deepEqual(one.pages, fresh.pages);
    assert.deepEqual(one.labels, fresh.labels);
    assert.ok(one.outline.length >= 2 && one.outline.every((item) => item.page > 0), JSON.stringify(one.outline));
    assert.deepEqual(one.outline, fresh.outline);
    assert.ok(one.structureText.includes('一、图和表'));
    assert.equal(one.structureText, fresh.structureText);
  });

  test('same bytes: as a rebuild, and as the tab-per-pass print (structure element names do not follow the tab\'s history)', () => {
    assert.ok(built.oneTab.reading.bytes.equals(built.again.reading.bytes), 'rebuild');
    assert.ok(built.oneTab.reading.bytes.equals(built.fresh.reading.bytes), 'tab per pass');
  });

  test('paiban check (PDF/UA rules) passes on the one-tab PDF', () => {
    const file = path.join(work, 'oneTab', 'a11y', 'a11y.pdf');
    const result = paiban(['check', '--json', file]);
    const report = JSON.parse(result.stdout) as Record<string, { findings: unknown[] }>;
    assert.deepEqual(report[file]!.findings, []);
    assert.equal(result.code, 0, result.stdout);
  });
});
