// A build stops the Markdown parser's thread once every document's source is
// parsed (src/cli/build.ts → releaseParser): its heap is given back before
// the prints, when a build's memory peaks. A parse asked for afterwards must
// still work, in a new thread.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { parseSafely } from '../../src/markdown/parse-safely.ts';
import { parserRunning, releaseParser, stopParser } from '../../src/markdown/isolate.ts';
import { paiban, sampleDir } from '../helpers/cli.ts';

const paragraphs = (tree: { children: { type: string }[] }) => tree.children.filter((node) => node.type === 'paragraph').length;

describe('releasing the parser thread', () => {
  after(() => stopParser());

  test('released when idle: the thread stops at once, and a later parse starts a new one', async () => {
    assert.equal(paragraphs(await parseSafely('第一段。\n\n第二段。\n', 'a/index.md')), 2);
    assert.equal(parserRunning(), true);
    releaseParser();
    assert.equal(parserRunning(), false);
    assert.equal(paragraphs(await parseSafely('第一段。\n\n第二段。\n\n第三段。\n', 'a/index.md')), 3);
    assert.equal(parserRunning(), true);
  });

  test('released while a parse is pending: that parse is answered, then the thread stops', async () => {
    // Asked of the thread at once (parseSafely's checks and the request run before it first awaits), and not answered before this turn ends.
    const pending = parseSafely('一。\n\n二。\n', 'b/index.md');
    assert.equal(parserRunning(), true, 'before the release');
    releaseParser();
    assert.equal(parserRunning(), true, 'after the release, the parse pending');
    assert.equal(paragraphs(await pending), 2);
    assert.equal(parserRunning(), false);
  });
});

describe('a build of several documents', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paiban-release-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('releases the parser once, after the last document is parsed', () => {
    const docs = ['one', 'two', 'three'].map((name) => {
      cpSync(sampleDir, path.join(dir, name), { recursive: true });
      return path.join(dir, name);
    });
    const run = paiban(['build', ...docs, '--format', 'html', '--jobs', '2', '--force', '--out', path.join(dir, 'out')], { env: { PAIBAN_TRACE: '1' } });
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stderr.split('\n').filter((line) => line.startsWith('paiban: trace '));
    const released = lines.flatMap((line, i) => (line.endsWith('parser: released, no more sources to parse') ? [i] : []));
    assert.equal(released.length, 1, lines.join('\n'));
    for (const name of ['one', 'two', 'three']) {
      const parsed = lines.findIndex((line) => line.endsWith(` ${name}: parse`));
      assert.ok(parsed >= 0 && parsed < released[0]!, `${name} parsed before the release:\n${lines.join('\n')}`);
    }
  });
});
