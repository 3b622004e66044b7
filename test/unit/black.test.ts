import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pressBlackContent } from '../../src/finish/black.ts';

test('exact black fill and stroke become K only, overprinting; other colours knock out; q/Q restore the state', () => {
  const content = [
    'q',
    '0 0 0 RG 0 0 0 rg',
    'BT /F1 12 Tf (a) Tj ET',
    'q .7098 .0706 .1059 rg 0 0 10 10 re f Q',
    '0 0 10 10 re f',
    '.2 .2 .2 rg',
    'Q',
    '0 g 0 0 m 10 0 l S',
  ].join('\n');
  const expected = [
    'q',
    '0 0 0 1 K /PaibanOverprintStroke gs 0 0 0 1 k /PaibanOverprint gs',
    'BT /F1 12 Tf (a) Tj ET',
    'q .7098 .0706 .1059 rg /PaibanOverprintStroke gs 0 0 10 10 re f Q',
    '0 0 10 10 re f',
    '.2 .2 .2 rg /PaibanOverprintStroke gs',
    'Q',
    '0 0 0 1 k /PaibanOverprintFill gs 0 0 m 10 0 l S',
  ].join('\n');
  assert.equal(pressBlackContent(content), expected);
});

test('a page without black, or with an inline image, is left as it is', () => {
  assert.equal(pressBlackContent('.5 .5 .5 rg 0 0 1 1 re f'), undefined);
  assert.equal(pressBlackContent('0 0 0 rg BI /W 1 /H 1 ID x EI'), undefined);
  // Near-black is a colour, not press black.
  assert.equal(pressBlackContent('0 0 .01 rg 0 0 1 1 re f'), undefined);
});
