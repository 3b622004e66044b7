import type { Element, ElementContent, Root } from 'hast';
import { toString } from 'hast-util-to-string';

/** A body section that opens on a new page with its own running head. */
export interface Chapter {
  /** 0 for the text before the first chapter heading, then 1, 2, … */
  index: number;
  /** Id of the section element (for locating it in the PDF). */
  id: string;
  /** The heading text, or undefined for the preamble. */
  title: string | undefined;
}

export interface TocEntry {
  id: string;
  text: string;
  /** 1 for chapters, 2 for their sections. */
  level: 1 | 2;
}

export interface SectionedBody {
  tree: Root;
  chapters: Chapter[];
  toc: TocEntry[];
}

/** The heading rank that opens a chapter: `#` in Markdown, h2 under the title. */
const CHAPTER_TAG = 'h2';
const SECTION_TAG = 'h3';

/**
 * Wrap the body in `<section class="chapter chapter-N">` elements, one per
 * chapter heading (plus one for any text before the first), and list the
 * headings for the table of contents.
 */
export function sectionChapters(tree: Root): SectionedBody {
  const chapters: Chapter[] = [];
  const toc: TocEntry[] = [];
  const sections: Element[] = [];
  let current: Element | undefined;

  const open = (title: string | undefined): Element => {
    const index = title === undefined ? 0 : chapters.filter((c) => c.title !== undefined).length + 1;
    const id = `paiban-ch-${index}`;
    chapters.push({ index, id, title });
    const section: Element = {
      type: 'element',
      tagName: 'section',
      properties: { className: ['chapter', id], id },
      children: [],
    };
    sections.push(section);
    return section;
  };

  for (const node of tree.children) {
    if (node.type === 'doctype') continue;
    if (node.type === 'element' && node.tagName === CHAPTER_TAG) {
      const text = toString(node).trim();
      current = open(text);
      const id = String(node.properties['id'] ?? '');
      if (id) toc.push({ id, text, level: 1 });
    } else if (node.type === 'element' && node.tagName === SECTION_TAG) {
      const id = String(node.properties['id'] ?? '');
      if (id) toc.push({ id, text: toString(node).trim(), level: 2 });
    }
    if (!current) {
      // Whitespace between blocks does not make a preamble.
      if (node.type === 'text' && !node.value.trim()) continue;
      current = open(undefined);
    }
    current.children.push(node as ElementContent);
  }
  // A body that is empty (or was all sanitised away) is still one section.
  if (!sections.length) open(undefined);
  return { tree: { type: 'root', children: interleave(sections) }, chapters, toc };
}

/**
 * An empty element on a page of its own: the unnumbered blank left page.
 * A blank before the first body section belongs to the front matter (it
 * counts in roman numerals); later ones count in the body's folios.
 */
export function withBlankPagesBefore(body: SectionedBody, chapterIds: ReadonlySet<string>): Root {
  const children: Root['children'] = [];
  body.tree.children.forEach((node, index) => {
    if (node.type === 'element' && chapterIds.has(String(node.properties['id']))) {
      const className = ['blank-page', index === 0 ? 'blank-front' : 'blank-body'];
      children.push({ type: 'element', tagName: 'div', properties: { className, ariaHidden: 'true' }, children: [] }, { type: 'text', value: '\n' });
    }
    children.push(node);
  });
  return { type: 'root', children };
}

function interleave(sections: Element[]): Root['children'] {
  return sections.flatMap((section) => [section, { type: 'text' as const, value: '\n' }]);
}
