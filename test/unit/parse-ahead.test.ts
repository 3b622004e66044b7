import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Root } from 'mdast';
import { parseAhead, parseSafely } from '../../src/markdown/parse-safely.ts';
import { stopParser } from '../../src/markdown/isolate.ts';
import { limitsFromEnv } from '../../src/limits.ts';
import type { UserError } from '../../src/errors.ts';

/** The text of every `text` node, in order. */
function words(tree: Root): string {
  let out = '';
  const walk = (node: { type: string; value?: string; children?: unknown[] }) => {
    if (node.type === 'text') out += node.value;
    for (const child of (node.children ?? []) as (typeof node)[]) walk(child);
  };
  walk(tree as never);
  return out;
}

describe('a source parsed ahead', () => {
  after(() => stopParser());

  test('the same file and text: the parse begun ahead gives the tree a fresh parse gives', async () => {
    const text = '# 总结\n\n第一段。\n\n第二段。\n';
    parseAhead('a/index.md', Promise.resolve(text));
    const taken = await parseSafely(text, 'a/index.md');
    assert.deepEqual(taken, await parseSafely(text, 'a/index.md'));
    assert.equal(words(taken), '总结第一段。第二段。');
  });

  test('the file changed after it was read ahead: the new text is parsed', async () => {
    parseAhead('b/index.md', Promise.resolve('旧的文字。\n'));
    assert.equal(words(await parseSafely('新的文字。\n', 'b/index.md')), '新的文字。');
  });

  test('another file with the same text does not take it: its error names its own file', async () => {
    const text = '---js\nmodule.exports = {}\n---\n正文\n';
    parseAhead('c/index.md', Promise.resolve(text));
    await assert.rejects(parseSafely(text, 'd/index.md'), (error: UserError) => error.format() === "d/index.md:1: front matter must be YAML; a '---js' block is refused");
  });

  test('other limits: parsed again under them (a parse ahead under looser ones is not taken)', async () => {
    const text = Array.from({ length: 40 }, (_, i) => `第${i}段。`).join('\n\n');
    parseAhead('e/index.md', Promise.resolve(text));
    await assert.rejects(parseSafely(text, 'e/index.md', { ...limitsFromEnv(), maxNodes: 10 }), /nodes/);
  });

  test('a read still under way when the build asks: waited for, not parsed a second time', async () => {
    let give!: (text: string) => void;
    parseAhead('g/index.md', new Promise<string>((resolve) => (give = resolve)));
    const asked = parseSafely('正在读。\n', 'g/index.md');
    give('正在读。\n');
    assert.equal(words(await asked), '正在读。');
  });

  test('a read that failed: the build parses by itself', async () => {
    parseAhead('h/index.md', Promise.reject(new Error('gone')));
    assert.equal(words(await parseSafely('自己读。\n', 'h/index.md')), '自己读。');
  });

  test('a refused source refused ahead gives the same one-line error when taken', async () => {
    const text = '---js\nmodule.exports = {}\n---\n正文\n';
    parseAhead('f/index.md', Promise.resolve(text));
    await assert.rejects(parseSafely(text, 'f/index.md'), (error: UserError) => error.format() === "f/index.md:1: front matter must be YAML; a '---js' block is refused");
  });
});
