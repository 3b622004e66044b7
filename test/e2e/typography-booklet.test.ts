import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { asciiBetweenCjk, flushOpeningQuotes, headingsAtPageEnd, lineStartEnd, shortLastLines } from '../support/checks.ts';
import { bodyLines, buildAs, headingTexts, repoRoot, type Built } from '../support/typeset.ts';
import { inProcessBuilds } from '../helpers/in-process.ts';

/** booklet: 12 pt body on A4; the measure is taken from the pages. */
const BODY = 12;

const { renderer, tmp } = inProcessBuilds('paiban-booklet-');
const docs: Record<string, Built> = {};

before(async () => {
  docs['sample'] = await buildAs(renderer, path.join(repoRoot, 'test/fixtures/haishu-2023'), 'booklet', tmp);
  docs['report'] = await buildAs(renderer, path.join(repoRoot, 'test/fixtures/report'), 'booklet', tmp);
});

for (const name of ['sample', 'report']) {
  describe(`booklet PDF of the ${name}`, () => {
    const lines = () => bodyLines(docs[name]!.pages, BODY);

    test('no ASCII , ( ) ! ; : between two CJK characters', () => {
      assert.deepEqual(asciiBetweenCjk(lines().flat()), []);
    });

    test('no line starts with a closing mark or ends with an opening one', () => {
      const all = lines().flat();
      assert.ok(all.length > 50, `only ${all.length} body lines found`);
      assert.deepEqual(lineStartEnd(all), []);
    });

    test('no paragraph ends with a single character on its last line', () => {
      assert.deepEqual(shortLastLines(lines(), headingTexts(docs[name]!.html)), []);
    });

    test('no heading is the last line of a page', () => {
      const headings = headingTexts(docs[name]!.html);
      if (name === 'report') assert.ok(headings.length >= 20, `only ${headings.length} headings`);
      assert.deepEqual(headingsAtPageEnd(lines(), headings, docs[name]!.pages.length), []);
    });

    test('an opening quote at a line start is drawn flush', () => {
      const [checked, bad] = flushOpeningQuotes(lines());
      assert.deepEqual(bad, []);
      if (name === 'report') assert.ok(checked >= 1, 'no line starts with an opening mark: nothing was checked');
    });
  });
}

test('booklet: numbered official headings and lead sentences reach the page', () => {
  const { html } = docs['report']!;
  const headings = headingTexts(html);
  assert.equal(headings[0], '一、过去一年工作回顾');
  assert.equal(headings[1], '（一）致力普惠共享，民生福祉持续增进');
  // Typed by the author: kept, not doubled.
  assert.equal(headings[2], '（二）着力优化作风，自身建设全面加强');
  assert.match(html, /<strong class="lead">共同富裕系统推进。<\/strong>东西部协作/);
  const text = docs['report']!.pages.map((p) => p.glyphs.map((g) => g.ch).join('')).join('');
  assert.ok(text.includes('一、过去一年工作回顾'));
  assert.ok(text.includes('（一）致力普惠共享'));
});
