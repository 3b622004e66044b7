// check/epubcheck.ts checks every EPUB of a `paiban check` in one JVM: each
// file must still get exactly its own epubcheck output, errors included.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { runEpubchecks } from '../../src/check/epubcheck.ts';
import { onPath } from '../helpers/tools.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-epubcheck-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** A minimal EPUB 3 whose one content document has `body` in it. */
function epub(name: string, body: string): string {
  const xhtml = (title: string, inner: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="zh-CN" lang="zh-CN"><head><title>${title}</title></head><body>${inner}</body></html>\n`;
  const opf = `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id" xml:lang="zh-CN">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:uuid:00000000-0000-4000-8000-000000000000</dc:identifier><dc:title>${name}</dc:title><dc:language>zh-CN</dc:language><meta property="dcterms:modified">2024-05-01T00:00:00Z</meta></metadata>
<manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/><item id="doc" href="doc.xhtml" media-type="application/xhtml+xml"/></manifest>
<spine><itemref idref="doc"/></spine>
</package>
`;
  const file = path.join(work, `${name}.epub`);
  const zip = zipSync({
    mimetype: [strToU8('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': strToU8('<?xml version="1.0"?>\n<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles></container>\n'),
    'EPUB/package.opf': strToU8(opf),
    'EPUB/nav.xhtml': strToU8(xhtml('目录', '<nav epub:type="toc"><ol><li><a href="doc.xhtml">正文</a></li></ol></nav>')),
    'EPUB/doc.xhtml': strToU8(xhtml('正文', body)),
  });
  writeFileSync(file, zip);
  return file;
}


test('several EPUBs checked together: each gets its own verdict, the errors with the file they are in', { skip: !onPath('epubcheck') && 'epubcheck is not installed (scripts/setup.sh installs it)' }, async () => {
  const broken = epub('broken', '<p>正文<foo>不是 XHTML</foo></p>');
  const good = epub('good', '<p>正文</p>');
  const outputs = (await runEpubchecks([broken, good, broken]))!;
  assert.deepEqual([...outputs.keys()], [broken, good]);
  const errors = (file: string) => outputs.get(file)!.split('\n').filter((line) => /^(FATAL|ERROR|WARNING)\(/.test(line));
  // Written from the document above: the one element XHTML does not know, in the broken EPUB's content document.
  assert.equal(errors(broken).length, 1, outputs.get(broken));
  assert.match(errors(broken)[0]!, /^ERROR\(RSC-005\): .*broken\.epub\/EPUB\/doc\.xhtml\(2,\d+\): .*"foo"/);
  assert.doesNotMatch(outputs.get(broken)!, /No errors or warnings detected/);
  assert.deepEqual(errors(good), [], outputs.get(good));
  assert.match(outputs.get(good)!, /No errors or warnings detected/);
});
