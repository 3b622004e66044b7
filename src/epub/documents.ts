import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';

/** One XHTML content document of the EPUB: a chapter, or the title and the text before the first chapter. */
export interface ContentDocument {
  /** File name inside the package folder, e.g. `chapter-01.xhtml`. */
  file: string;
  /** The heading text, for the document's <title>; undefined for the title document. */
  title: string | undefined;
  children: ElementContent[];
}

/**
 * The sectioned body (src/booklet/chapters.ts: one `<section>` per `#`
 * chapter, the preamble first) as content documents, one per section, in
 * reading order; `header` opens the first. Links to an id in another
 * document point at that document.
 */
export function splitDocuments(tree: Root, chapters: readonly { id: string; title: string | undefined }[], header: Element): ContentDocument[] {
  const sections = tree.children.filter((node): node is Element => node.type === 'element' && node.tagName === 'section');
  const documents: ContentDocument[] = [];
  for (const section of sections) {
    const chapter = chapters.find((c) => c.id === section.properties['id']);
    const isPreamble = chapter?.title === undefined;
    if (isPreamble || !documents.length) documents.push({ file: 'title.xhtml', title: undefined, children: [header] });
    if (isPreamble) documents[0]!.children.push(section);
    else documents.push({ file: `chapter-${String(documents.length).padStart(2, '0')}.xhtml`, title: chapter!.title, children: [section] });
  }
  if (!documents.length) documents.push({ file: 'title.xhtml', title: undefined, children: [header] });

  const home = new Map<string, string>();
  for (const doc of documents) for (const child of doc.children) visit(child, 'element', (node: Element) => void (typeof node.properties['id'] === 'string' && home.set(node.properties['id'], doc.file)));
  for (const doc of documents) {
    for (const child of doc.children) {
      visit(child, 'element', (node: Element) => {
        const href = node.tagName === 'a' ? node.properties['href'] : undefined;
        if (typeof href !== 'string' || !href.startsWith('#')) return;
        const id = safeDecode(href.slice(1));
        const file = home.get(id);
        if (file && file !== doc.file) node.properties['href'] = `${file}#${encodeURIComponent(id)}`;
      });
    }
  }
  return documents;
}

/** The id a file holds, for the table of contents. */
export function documentOf(documents: readonly ContentDocument[], id: string): string | undefined {
  for (const doc of documents) {
    let found = false;
    for (const child of doc.children) visit(child, 'element', (node: Element) => void (node.properties['id'] === id && (found = true)));
    if (found) return doc.file;
  }
  return undefined;
}

/**
 * GFM footnotes (remark-rehype's `<section data-footnotes>` list) as EPUB
 * footnotes: each item an `<aside epub:type="footnote" role="doc-footnote">`
 * with its number, each reference `epub:type="noteref" role="doc-noteref"`.
 * The list stays where it was printed (the end of the body), so the page
 * markers inside it stay in page order.
 */
export function epubFootnotes(tree: Root): void {
  visit(tree, 'element', (node: Element) => {
    if (node.tagName === 'a' && node.properties['dataFootnoteRef'] !== undefined) {
      node.properties['epub:type'] = 'noteref';
      node.properties['role'] = 'doc-noteref';
      // The label it pointed at is in the last document only.
      delete node.properties['ariaDescribedBy'];
    }
    if (node.tagName !== 'section' || node.properties['dataFootnotes'] === undefined) return;
    node.properties['epub:type'] = 'footnotes';
    node.children = node.children.flatMap((child): ElementContent[] => {
      if (child.type !== 'element' || child.tagName !== 'ol') return [child];
      let n = 0;
      return child.children.flatMap((item): ElementContent[] => {
        if (item.type !== 'element' || item.tagName !== 'li') return item.type === 'element' ? [item] : [];
        n++;
        const number: Element = { type: 'element', tagName: 'span', properties: { className: ['note-number'] }, children: [{ type: 'text', value: `${n}. ` }] };
        const first = item.children.find((c): c is Element => c.type === 'element' && c.tagName === 'p');
        if (first) first.children.unshift(number);
        else item.children.unshift(number);
        return [{ type: 'element', tagName: 'aside', properties: { id: item.properties['id'], 'epub:type': 'footnote', role: 'doc-footnote' }, children: item.children }];
      });
    });
  });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
