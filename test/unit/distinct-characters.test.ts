import assert from 'node:assert/strict';
import { test } from 'node:test';
import { distinctCharacters } from '../../src/fonts/characters.ts';

/** The definition the fonts stage relied on before: the joined text's characters, each once, by first appearance. */
const joinedSet = (texts: string[]) => [...new Set(texts.join(''))].join('');

test('the distinct characters of texts are those of the joined text, in order of first appearance', () => {
  const cases: string[][] = [
    [],
    [''],
    ['<p>春天𠀾来了</p>', '春𠀾天∯', 'abc'],
    // A surrogate pair split between two texts is one character, as in the joined text.
    ['甲\ud840', '\udc3e乙'],
    // Lone surrogates count as characters; a high one before another high one stays alone.
    ['\ud840\ud840\udc3e', '\udc3e', 'x\ud800'],
    ['\udfff\ud83d\ude00\ud83d', '\ude00'],
  ];
  for (const texts of cases) assert.equal(distinctCharacters(texts), joinedSet(texts), JSON.stringify(texts));
  assert.equal(distinctCharacters(['\ud840\udc3e', '\ud840', '\udc3e']), '\ud840\udc3e');
});

test('the distinct characters agree with the joined text\'s on many generated texts (surrogates anywhere)', () => {
  const alphabet = ['a', '<', '春', '\ud840', '\udc3e', '\ud83d', '\ude00', '∯', '\udfff'];
  let seed = 20;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let n = 0; n < 2000; n++) {
    const texts = Array.from({ length: next() % 4 }, () => Array.from({ length: next() % 6 }, () => alphabet[next() % alphabet.length]).join(''));
    assert.equal(distinctCharacters(texts), joinedSet(texts), JSON.stringify(texts));
  }
});
