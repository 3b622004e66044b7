import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { breakPoints } from '../../src/markdown/long-tokens.ts';
import { paiban, repoRoot } from '../helpers/cli.ts';
import { linesOf, readGlyphs } from '../support/glyphs.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'paiban-long-tokens-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('where a long token may break: after URL and identifier punctuation, at camelCase, never inside // or at its ends', () => {
  const at = (token: string) => {
    const cuts = breakPoints(token);
    return cuts.map((cut, i) => token.slice(i ? cuts[i - 1] : 0, cut)).concat(token.slice(cuts.at(-1) ?? 0));
  };
  assert.deepEqual(at('https://www.haishu.gov.cn/art/2023'), ['https://', 'www.', 'haishu.', 'gov.', 'cn/', 'art/', '2023']);
  assert.deepEqual(at('[[#handling_western_text]]'), ['[[#', 'handling_', 'western_', 'text]]']);
  assert.deepEqual(at('outputDirectoryForPrint'), ['output', 'Directory', 'For', 'Print']);
  assert.deepEqual(at('unid=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789&webId'), ['unid=', 'ABCDEFGHIJKL', 'MNOPQRSTUVWX', 'YZ0123456789&', 'web', 'Id']);
  // A stretch of 20 or fewer without a natural break stays whole.
  assert.deepEqual(at('constructor.constructor'), ['constructor.', 'constructor']);
});

test('long URLs, identifiers and foreign names never leave a line letter-spaced: no gap over 0.5 em between characters', async () => {
  const out = path.join(work, 'out');
  const result = paiban(['build', path.join(repoRoot, 'test', 'fixtures', 'long-tokens'), '--out', out, '--format', 'pdf']);
  assert.equal(result.code, 0, result.stderr);
  const pages = await readGlyphs(path.join(out, 'long-tokens', 'long-tokens.pdf'));
  let lines = 0;
  for (const page of pages) {
    for (const line of linesOf(page.glyphs)) {
      // The title block sets the author and the date apart on purpose.
      if (line.text.includes('2023年2月1日')) continue;
      lines++;
      for (let i = 1; i < line.glyphs.length; i++) {
        const a = line.glyphs[i - 1]!;
        const b = line.glyphs[i]!;
        const gap = (b.x - (a.x + a.w)) / a.size;
        assert.ok(gap <= 0.5, `page ${page.number}: ${gap.toFixed(2)} em between ${a.ch} and ${b.ch} in "${line.text}"`);
      }
    }
  }
  assert.ok(lines >= 15, `${lines} lines measured`);
});
