// Headings whose slugs fall in the pipeline's id namespace are moved out of
// it, and links to them follow; the pipeline's own ids stay as they are.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import { moveHeadingIdsOutOfReserved } from '../../src/markdown/reserved-ids.ts';

const ids = (tree: Root) => {
  const found: string[] = [];
  visit(tree, 'element', (node: Element) => {
    if (typeof node.properties['id'] === 'string') found.push(node.properties['id']);
  });
  return found;
};

test('headings named content, paiban-ch-2, toc-title or a footnote id get other ids; links follow', () => {
  const tree: Root = {
    type: 'root',
    children: [
      h('h2', { id: 'content' }, 'content'),
      h('p', [h('a', { href: '#paiban-ch-2' }, '下章'), h('a', { href: '#content' }, '本章'), h('a', { href: '#elsewhere' }, '别处')]),
      h('h2', { id: 'paiban-ch-2' }, 'paiban-ch-2'),
      h('h3', { id: 'h-paiban-ch-2' }, 'h-paiban-ch-2'),
      h('h2', { id: 'user-content-fn-1' }, 'user-content-fn-1'),
      h('section', { dataFootnotes: true }, [h('h2', { id: 'user-content-footnote-label' }, '注释')]),
      h('h2', { id: '一过去一年' }, '一、过去一年'),
    ],
  };
  moveHeadingIdsOutOfReserved(tree);
  assert.deepEqual(ids(tree), ['h-content', 'h-paiban-ch-2-1', 'h-paiban-ch-2', 'h-user-content-fn-1', 'user-content-footnote-label', '一过去一年']);
  const hrefs: string[] = [];
  visit(tree, 'element', (node: Element) => {
    if (node.tagName === 'a') hrefs.push(String(node.properties['href']));
  });
  assert.deepEqual(hrefs, ['#h-paiban-ch-2-1', '#h-content', '#elsewhere']);
});
