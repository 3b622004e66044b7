import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { UserError } from '../../src/errors.ts';
import { collectImages } from '../../src/markdown/images.ts';
import { parseMarkdown } from '../../src/markdown/parse.ts';
import { decodeUtf8, loadSource } from '../../src/source/load.ts';
import { makePng } from '../helpers/png.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-source-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('UTF-8 with a BOM decodes without it', () => {
  assert.equal(decodeUtf8(Buffer.from('\ufeff正文', 'utf8'), 'x.md'), '正文');
});

test('GBK bytes are refused with the line of the first bad byte', () => {
  const gbk = Buffer.concat([Buffer.from('---\ntitle: t\n', 'utf8'), Buffer.from([0xd5, 0xfd, 0xce, 0xc4, 0x0a])]);
  assert.throws(() => decodeUtf8(gbk, 'x.md'), (e: unknown) => e instanceof UserError && e.line === 3 && /not valid UTF-8/.test(e.message));
});

test('NUL bytes are refused', () => {
  assert.throws(() => decodeUtf8(Buffer.from('a\nb\u0000', 'utf8'), 'x.md'), (e: unknown) => e instanceof UserError && e.line === 2);
});

test('loadSource: missing folder, folder without index.md', async () => {
  await assert.rejects(loadSource(path.join(work, 'nope')), /no such document folder/);
  mkdirSync(path.join(work, 'empty'));
  await assert.rejects(loadSource(path.join(work, 'empty')), /no index\.md/);
});

test('images: read from inside the folder only', async () => {
  const doc = path.join(work, 'doc');
  mkdirSync(path.join(doc, 'images'), { recursive: true });
  const png = makePng(4, 3);
  writeFileSync(path.join(doc, 'images', 'map.png'), png);
  writeFileSync(path.join(work, 'secret.png'), 'secret');
  symlinkSync(path.join(work, 'secret.png'), path.join(doc, 'images', 'link.png'));
  const images = await collectImages(parseMarkdown('![图](images/map.png)\n\n![同一张](./images/map.png)'), doc, 'x.md');
  assert.deepEqual(images.map((i) => [i.urlPath, i.bytes.equals(png)]), [['images/map.png', true]]);

  const cases: [string, RegExp][] = [
    ['![x](images/none.png)', /not found/],
    ['![x](../secret.png)', /outside the document folder/],
    ['![x](images/link.png)', /outside the document folder/],
    // Absolute, to a file that exists outside the document folder.
    [`![x](${path.join(work, 'secret.png')})`, /absolute path/],
    ['![x](http://127.0.0.1/a.png)', /remote and file: URLs are not fetched/],
    ['![x](images/map.exe)', /not a supported type/],
  ];
  for (const [markdown, message] of cases) {
    await assert.rejects(collectImages(parseMarkdown(`正文\n\n${markdown}`), doc, 'x.md'), (e: unknown) => e instanceof UserError && e.line === 3 && message.test(e.message));
  }
});
