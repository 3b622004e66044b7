import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCjk, isCjkPunctuation, isHan, isLatinLetter, mayEndLine, mayStartLine } from '../../src/cjk/chars.ts';
import { findLineBreakViolations } from '../../src/cjk/linebreak.ts';

describe('character classes', () => {
  it('tells Han, full-width punctuation and Latin apart', () => {
    assert.deepEqual(['汉', '〇', '𠀀', 'a', 'à', '1', '，', '“', ','].map(isHan), [true, true, true, false, false, false, false, false, false]);
    assert.deepEqual(['，', '。', '“', '》', '…', '—', ',', '.', '汉'].map(isCjkPunctuation), [true, true, true, true, true, true, false, false, false]);
    assert.deepEqual(['a', 'à', 'Z', '1', '汉'].map(isLatinLetter), [true, true, true, false, false]);
    assert.equal(isCjk(undefined), false);
  });

  it('knows clreq line-start and line-end prohibitions', () => {
    for (const c of '，。、；：？！）》”’…·') assert.equal(mayStartLine(c), false, c);
    for (const c of '（《“‘【') assert.equal(mayEndLine(c), false, c);
    for (const c of '汉（“—') assert.equal(mayStartLine(c), true, c);
    for (const c of '汉。”') assert.equal(mayEndLine(c), true, c);
  });
});

describe('findLineBreakViolations', () => {
  it('accepts well-broken lines', () => {
    assert.deepEqual(findLineBreakViolations(['这一年，我们致力普惠共享，', '民生福祉持续增进。“一老一小”', '服务体系持续优化……', '——经济运行趋稳向好。']), []);
  });

  it('finds a pause at a line start, an opening quote at a line end, and a split ellipsis', () => {
    assert.deepEqual(findLineBreakViolations(['这一年', '，我们致力“', '普惠共享…', '…民生']), [
      { line: 1, rule: 'line-start', char: '，' },
      { line: 1, rule: 'line-end', char: '“' },
      { line: 2, rule: 'split-pair', char: '……' },
    ]);
  });
});
