import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hastToHtml } from '../../src/markdown/html.ts';
import { bodyFrames, marginBoxText, spacerStyle } from '../../src/booklet/frames.ts';
import type { Chapter } from '../../src/booklet/chapters.ts';

const CHAPTERS: Chapter[] = [
  { index: 1, id: 'paiban-ch-1', title: 'One' },
  { index: 2, id: 'paiban-ch-2', title: 'Two' },
];

test('the frames body: per chapter its section and as many empty pages as it had, the contents\' link targets, the spacer on the last page', () => {
  const html = hastToHtml(bodyFrames({ tree: { type: 'root', children: [] }, chapters: CHAPTERS, toc: [{ id: 'one', text: 'One', level: 1 }] }, [2, 1], 'width: calc(100% + 0.015625px); height: 1px').tree);
  assert.equal(
    html,
    '<section class="chapter paiban-ch-1" id="paiban-ch-1"><span id="one"></span><div class="paiban-frame" style="height: 1px"></div><div class="paiban-frame" style="height: 1px; break-before: page"></div></section>\n' +
      '<section class="chapter paiban-ch-2" id="paiban-ch-2"><div class="paiban-frame" style="height: 1px"></div><div style="width: calc(100% + 0.015625px); height: 1px"></div></section>\n' +
      '<style>.doc-header, .page-probes { display: none; }</style>',
  );
});

test('the spacer: the overflow of a print shrunk by 3.124923 / 3.125 on A4 (type area 167 mm, 631.18 px) is 0.0156 px, one layout unit', () => {
  assert.equal(spacerStyle(3.125 / 3.124923, 167), 'width: calc(100% + 0.015625px); height: 1px');
  // 3.1246138 / 3.125: 0.0781 px, five units.
  assert.equal(spacerStyle(3.125 / 3.1246138, 167), 'width: calc(100% + 0.078125px); height: 1px');
  assert.equal(spacerStyle(1, 167), undefined);
});

test('the margin boxes expected on a page: chapter title on right (even index) pages, document title on left ones, the folio from the first chapter; blank pages none', () => {
  const text = (index: number) => marginBoxText(CHAPTERS, 'Book', [2, 5], new Set([4]), index);
  assert.deepEqual([2, 3, 4, 5, 6].map(text), ['One1', 'Book2', '', 'Book4', 'Two5']);
});
