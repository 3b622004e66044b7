import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { setCodeIdentity } from '../../src/incremental/code-identity.ts';
import { fontHash } from '../../src/incremental/file-cache.ts';
import { saveRecording, startRecording } from '../../src/incremental/record-writer.ts';
import { currentChromium, fastSkip, recordFile, recordKey, type RecordOptions } from '../../src/incremental/skip-record.ts';
import { BUILTIN_FILES } from '../../src/fonts/faces.ts';
import { racy } from '../../src/incremental/stamp.ts';
import { setTimeout as sleep } from 'node:timers/promises';

/** The record's own rules, in one process: what a build changed meanwhile, fonts outside paiban's, code that may read anything. */
describe('skip record writer', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-skip-unit-'));
  const savedCache = process.env['PAIBAN_CACHE_DIR'];
  const options: RecordOptions = { outRoot: path.join(work, 'out'), formats: new Set(['html']), pdfx: false, allEditions: false, strict: false };
  const outDir = path.join(work, 'out', 'doc');
  const edition = { name: 'doc', outDir, outputs: [{ role: 'html', path: 'index.html', bytes: 4 }] };
  let doc = '';
  let serial = 0;

  before(() => {
    process.env['PAIBAN_CACHE_DIR'] = path.join(work, 'cache');
    setCodeIdentity(pathToFileURL('/opt/paiban/dist/main-TESTCODE1.mjs').href);
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, 'manifest.json'), '{}');
    writeFileSync(path.join(outDir, 'index.html'), 'html');
  });
  after(() => {
    if (savedCache === undefined) delete process.env['PAIBAN_CACHE_DIR'];
    else process.env['PAIBAN_CACHE_DIR'] = savedCache;
    rmSync(work, { recursive: true, force: true });
  });
  /**
   * A fresh document folder (each test its own key), older than the racy
   * margin (50 ms) when the test goes on: files written just before a build
   * are never recorded by it.
   */
  const freshDoc = async () => {
    doc = path.join(work, `doc${++serial}`);
    mkdirSync(doc);
    writeFileSync(path.join(doc, 'index.md'), '---\ntitle: 测试\n---\n\n正文。\n');
    await settle();
    return doc;
  };
  const settle = () => sleep(100);

  test('saved when nothing changed; the fast skip then repeats the editions', async () => {
    await freshDoc();
    const recording = await startRecording(doc, options);
    assert.ok(recording);
    assert.equal(await saveRecording(recording, [edition]), true);
    const skipped = await fastSkip(doc, options);
    assert.deepEqual(skipped?.map(({ name, outDir: dir, outputs, skipped: s }) => ({ name, outDir: dir, outputs, skipped: s })), [{ ...edition, skipped: true }]);
  });

  test('not saved when a file the build read changed while it ran', async () => {
    await freshDoc();
    const recording = await startRecording(doc, options);
    assert.ok(recording);
    writeFileSync(path.join(doc, 'index.md'), '---\ntitle: 测试\n---\n\n正文改。\n');
    assert.equal(await saveRecording(recording, [edition]), false);
    assert.equal(await fastSkip(doc, options), undefined);
  });

  test('not saved when a file changed so shortly before the stamps that a same-size change could hide behind them', async () => {
    await freshDoc();
    const recording = await startRecording(doc, options);
    assert.ok(recording);
    // As if the stamps had been taken in the very tick the source was written.
    const written = statSync(path.join(doc, 'index.md'), { bigint: true }).ctimeNs;
    assert.equal(await saveRecording({ ...recording, sinceNs: written }, [edition]), false);
    assert.equal(await saveRecording(recording, [edition]), true);
  });

  test('not saved when a file appeared in the document folder while the build ran', async () => {
    await freshDoc();
    const recording = await startRecording(doc, options);
    assert.ok(recording);
    writeFileSync(path.join(doc, '_defaults.yaml'), 'autospace: false\n');
    assert.equal(await saveRecording(recording, [edition]), false);
  });

  test('a font of the project: stamped when still the file the build hashed, and a change to it ends the fast skip', async () => {
    await freshDoc();
    const font = path.join(work, `font${serial}.ttf`);
    copyFileSync(BUILTIN_FILES.mono!.regular!, font);
    await fontHash(font); // as the build's plan hashed it
    await settle();
    const recording = await startRecording(doc, options);
    assert.ok(recording);
    assert.equal(await saveRecording(recording, [{ ...edition, fontFiles: [font] }]), true);
    assert.ok(await fastSkip(doc, options));
    copyFileSync(BUILTIN_FILES.mono!.bold!, font);
    assert.equal(await fastSkip(doc, options), undefined);
  });

  test('a font of the project replaced after the build hashed it: not saved', async () => {
    await freshDoc();
    const font = path.join(work, `font${serial}.ttf`);
    copyFileSync(BUILTIN_FILES.mono!.regular!, font);
    await fontHash(font);
    await settle();
    const recording = await startRecording(doc, options);
    assert.ok(recording);
    copyFileSync(BUILTIN_FILES.mono!.bold!, font);
    assert.equal(await saveRecording(recording, [{ ...edition, fontFiles: [font] }]), false);
  });

  test('an output replaced after the record ends the fast skip', async () => {
    await freshDoc();
    const recording = await startRecording(doc, options);
    assert.ok(recording && (await saveRecording(recording, [edition])));
    writeFileSync(path.join(outDir, 'index.html'), 'HTML');
    assert.equal(await fastSkip(doc, options), undefined);
  });

  test('a project with a theme or plugins keeps no record (their code may read any file)', async () => {
    const project = path.join(work, `project${++serial}`);
    doc = path.join(project, 'doc');
    mkdirSync(doc, { recursive: true });
    writeFileSync(path.join(doc, 'index.md'), '---\ntitle: 测试\n---\n');
    writeFileSync(path.join(project, 'paiban.config.yaml'), 'remarkPlugins:\n  - ./plugin.js\n');
    assert.equal(await startRecording(doc, options), undefined);
    writeFileSync(path.join(project, 'paiban.config.yaml'), 'theme: paiban-theme-none\n');
    assert.equal(await startRecording(doc, options), undefined);
    writeFileSync(path.join(project, 'paiban.config.yaml'), 'strict: false\n');
    assert.ok(await startRecording(doc, options));
  });

  test('a stamp is racy when its last change is within the margin before the stamps were taken', () => {
    const since = 1_700_000_000_123_456_789n;
    const stamp = (ctime: bigint) => `f:2049:77:120:${ctime}:${ctime}`;
    assert.equal(racy(stamp(since - 10_000_000n), since), true, '10 ms before');
    assert.equal(racy(stamp(since + 5n), since), true, 'after');
    assert.equal(racy(stamp(since - 100_000_000n), since), false, '100 ms before');
    // Whole milliseconds: a coarse filesystem, two seconds needed.
    assert.equal(racy(stamp(1_700_000_000_000_000_000n - 1_000_000_000n), 1_700_000_000_000_000_000n), true, 'coarse, 1 s before');
    assert.equal(racy(stamp(1_700_000_000_000_000_000n - 3_000_000_000n), 1_700_000_000_000_000_000n), false, 'coarse, 3 s before');
    // A link is racy when either it or what it points to is.
    assert.equal(racy(`l:2049:78:9:${since - 900_000_000n}:${since - 900_000_000n}>${stamp(since - 1_000_000n)}`, since), true, 'target changed just before');
  });

  test('every change a build depends on ends the fast skip; the record made after it holds again', async () => {
    // A project folder with no marker yet: without .git, package.json or a
    // configuration, only the document folder's own _defaults.yaml applies.
    const project = path.join(work, `project${++serial}`);
    doc = path.join(project, 'source', 'report');
    mkdirSync(path.join(doc, 'images'), { recursive: true });
    writeFileSync(path.join(doc, 'index.md'), '---\ntitle: 测试\n---\n\n一季度平稳开局。\n\n![图](images/chart.png)\n');
    writeFileSync(path.join(doc, 'images', 'chart.png'), Buffer.alloc(64, 1));
    writeFileSync(path.join(project, '_defaults.yaml'), 'numbering: none\n');
    /** A fresh record of the document as it is now (as after a build or a full check), and the fast skip taking it. */
    const record = async (opts: RecordOptions = options) => {
      await settle();
      const recording = await startRecording(doc, opts);
      assert.ok(recording && (await saveRecording(recording, [edition])));
      assert.ok(await fastSkip(doc, opts), 'the fast skip takes a fresh record');
    };
    const changes: [string, () => void][] = [
      ['the source edited, same size', () => writeFileSync(path.join(doc, 'index.md'), '---\ntitle: 测试\n---\n\n一季度平稳起步。\n\n![图](images/chart.png)\n')],
      ['an image replaced, same size', () => writeFileSync(path.join(doc, 'images', 'chart.png'), Buffer.alloc(64, 2))],
      ['the source touched, not changed', () => utimesSync(path.join(doc, 'index.md'), new Date(), new Date())],
      ["a _defaults.yaml appearing in the document's folder", () => writeFileSync(path.join(doc, '_defaults.yaml'), 'autospace: false\n')],
      ["a .git folder making the project's _defaults.yaml apply", () => mkdirSync(path.join(project, '.git'))],
      ['a configuration appearing', () => writeFileSync(path.join(project, 'paiban.config.yaml'), 'strict: false\n')],
      ["the project's styles folder appearing", () => mkdirSync(path.join(project, 'styles'))],
      ['a stylesheet appearing in it', () => writeFileSync(path.join(project, 'styles', 'web.css'), '.a { color: #111111; }\n')],
      ['a rule changed in it, same size', () => writeFileSync(path.join(project, 'styles', 'web.css'), '.a { color: #222222; }\n')],
      ['the folder the configuration names for styles', () => writeFileSync(path.join(project, 'paiban.config.yaml'), 'styles: house\n')],
      ['a stylesheet in that folder', () => (mkdirSync(path.join(project, 'house')), writeFileSync(path.join(project, 'house', 'web.css'), '.b {}\n'))],
      ['a paiban.config.yaml in a folder nearer the document', () => writeFileSync(path.join(project, 'source', 'paiban.config.yaml'), 'strict: false\n')],
      ['an output deleted', () => rmSync(path.join(outDir, 'index.html'))],
      ['the manifest edited', () => writeFileSync(path.join(outDir, 'manifest.json'), '{ }')],
    ];
    await record();
    for (const [change, make] of changes) {
      make();
      assert.equal(await fastSkip(doc, options), undefined, change);
      if (change === 'an output deleted') writeFileSync(path.join(outDir, 'index.html'), 'html');
      await record();
    }
    // Other options and other limits: records of their own.
    assert.equal(await fastSkip(doc, { ...options, strict: true }), undefined, '--strict');
    assert.equal(await fastSkip(doc, { ...options, formats: new Set(['html', 'epub']) }), undefined, 'another format');
    process.env['PAIBAN_MAX_SOURCE_SIZE'] = '2000000';
    try {
      assert.equal(await fastSkip(doc, options), undefined, 'a limit set');
    } finally {
      delete process.env['PAIBAN_MAX_SOURCE_SIZE'];
    }
    assert.ok(await fastSkip(doc, options), 'the record of the options as they were still holds');
  });

  test('a damaged record, or one of another key, is not trusted', async () => {
    await freshDoc();
    const recording = await startRecording(doc, options);
    assert.ok(recording && (await saveRecording(recording, [edition])));
    const file = recordFile(recordKey(doc, options)!);
    writeFileSync(file, '{"key": 1');
    assert.equal(await fastSkip(doc, options), undefined);
    writeFileSync(file, JSON.stringify({ key: 'another', chromium: null, probes: [], editions: [] }));
    assert.equal(await fastSkip(doc, options), undefined);
    // Every probe still as recorded, but none at all: never a skip.
    writeFileSync(file, JSON.stringify({ key: recordKey(doc, options), chromium: currentChromium(), probes: [], editions: [edition] }));
    assert.equal(await fastSkip(doc, options), undefined);
  });

  test('code of unknown identity (run from src/) neither records nor skips by a record', async () => {
    await freshDoc();
    setCodeIdentity(pathToFileURL('/work/paiban/src/cli/main.ts').href);
    try {
      assert.equal(recordKey(doc, options), undefined);
      assert.equal(await startRecording(doc, options), undefined);
      assert.equal(await fastSkip(doc, options), undefined);
    } finally {
      setCodeIdentity(pathToFileURL('/opt/paiban/dist/main-TESTCODE1.mjs').href);
    }
    assert.ok(readdirSync(path.join(work, 'cache', 'skip')).length > 0);
  });
});
