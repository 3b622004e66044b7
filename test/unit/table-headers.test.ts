import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readDocument } from '../../src/markdown/document.ts';
import { markdownToHast } from '../../src/markdown/html.ts';
import { tablesWithoutHeaders } from '../../src/markdown/table-headers.ts';

const FRONT = '---\ntitle: 表格\nauthor: 某某\ndate: 2024-01-01\n---\n';
const linesOf = async (body: string) => tablesWithoutHeaders(await markdownToHast(readDocument(`${FRONT}\n${body}`, 'index.md').tree, { lang: 'zh-CN' }));

test('tables without header cells: raw HTML tables with none are named by their source line', async () => {
  // Line 7 of the file: five lines of front matter, a blank line, then the table.
  assert.deepEqual(await linesOf('<table><tr><td>甲</td><td>乙</td></tr><tr><td>1</td><td>2</td></tr></table>\n'), [7]);
  // A header cell anywhere in the table (a row header, a merged one) is enough.
  assert.deepEqual(await linesOf('<table><tr><th rowspan="2">类</th><td>甲</td></tr><tr><td>乙</td></tr></table>\n'), []);
  // A Markdown table always has its header row.
  assert.deepEqual(await linesOf('| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n'), []);
  // A nested table answers for itself: its outer table's header does not cover it.
  assert.deepEqual(await linesOf('<table><tr><th>外</th></tr><tr><td>\n\n<table><tr><td>内</td></tr></table>\n\n</td></tr></table>\n'), [9]);
});
