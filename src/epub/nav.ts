import type { Element, ElementContent } from 'hast';
import type { PageBreak } from './page-breaks.ts';

export interface NavEntry {
  href: string;
  text: string;
  /** 1 for chapters, 2 for their sections. */
  level: 1 | 2;
}

export interface NavLabels {
  contents: string;
  pages: string;
  landmarks: string;
  bodyStart: string;
}

/**
 * The navigation document's body: the table of contents (chapters with
 * their sections nested), the page list (each printed folio, linked to its
 * marker), and the landmarks. The page list and landmarks are `hidden`:
 * reading systems offer them in their own menus.
 */
export function navBody(entries: readonly NavEntry[], pages: readonly (PageBreak & { file: string })[], bodyHref: string, labels: NavLabels): ElementContent[] {
  const link = (href: string, text: string): Element => el('a', { href }, [{ type: 'text', value: text }]);
  const items: Element[] = [];
  for (const entry of entries) {
    const item = el('li', {}, [link(entry.href, entry.text)]);
    const parent = items.at(-1);
    if (entry.level === 2 && parent) {
      let sub = parent.children.find((c): c is Element => c.type === 'element' && c.tagName === 'ol');
      if (!sub) parent.children.push((sub = el('ol', {}, [])));
      sub.children.push(item);
    } else items.push(item);
  }
  return [
    el('nav', { 'epub:type': 'toc', role: 'doc-toc', id: 'toc', ariaLabelledBy: ['toc-title'] }, [el('h1', { id: 'toc-title' }, [{ type: 'text', value: labels.contents }]), el('ol', {}, items)]),
    el('nav', { 'epub:type': 'page-list', id: 'page-list', ariaLabelledBy: ['page-list-title'], hidden: true }, [
      el('h2', { id: 'page-list-title' }, [{ type: 'text', value: labels.pages }]),
      el('ol', {}, pages.map((page) => el('li', {}, [link(`${page.file}#${page.id}`, page.label)]))),
    ]),
    el('nav', { 'epub:type': 'landmarks', id: 'landmarks', ariaLabelledBy: ['landmarks-title'], hidden: true }, [
      el('h2', { id: 'landmarks-title' }, [{ type: 'text', value: labels.landmarks }]),
      el('ol', {}, [
        el('li', {}, [el('a', { 'epub:type': 'toc', href: '#toc' }, [{ type: 'text', value: labels.contents }])]),
        el('li', {}, [el('a', { 'epub:type': 'bodymatter', href: bodyHref }, [{ type: 'text', value: labels.bodyStart }])]),
      ]),
    ]),
  ];
}

function el(tagName: string, properties: Element['properties'], children: ElementContent[]): Element {
  return { type: 'element', tagName, properties, children };
}
