import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseToUnicode } from '../../src/pdf/tounicode.ts';

// Expected values worked out by hand from ISO 32000-1 §9.10.3 and Adobe's CMap syntax (bfchar, bfrange).

test('bfchar and bfrange (a start value counting up, an array), two-byte codes, a surrogate pair', () => {
  const cmap = parseToUnicode(
    '1 begincodespacerange <0000> <FFFF> endcodespacerange\n' +
      '2 beginbfchar <0003> <4E2D> <0004> <D83D DE00> endbfchar\n' +
      '2 beginbfrange <0010> <0012> <0041> <0020> <0021> [<6587> <00660069>] endbfrange',
  );
  const codes = (...values: number[]) => values.map((v) => String.fromCharCode(v >> 8, v & 255)).join('');
  assert.equal(cmap.decode(codes(0x03, 0x04, 0x10, 0x11, 0x12, 0x20, 0x21)), '中😀ABC文fi');
  // No entry: U+FFFD.
  assert.equal(cmap.decode(codes(0x13)), '\ufffd');
});

test('a range whose start value\'s last code unit passes FFFF wraps it; one-byte codes beside two-byte ones', () => {
  const cmap = parseToUnicode('2 begincodespacerange <00> <7F> <8000> <FFFF> endcodespacerange 1 beginbfrange <41> <42> <00FFFFFF> endbfrange 1 beginbfchar <8001> <0078> endbfchar');
  assert.equal(cmap.decode('AB\x80\x01'), '\u00ff\uffff\u00ff\u0000x');
});

test('irregular entries read as before: hex digits split by white space, an odd digit dropped from a code', () => {
  const cmap = parseToUnicode('1 begincodespacerange <00> <FF> endcodespacerange 2 beginbfchar <4 1> <0 0 4 1> <42 3> <0062> endbfchar');
  assert.equal(cmap.decode('AB'), 'Ab');
});
