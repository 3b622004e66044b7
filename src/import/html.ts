import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

/**
 * A saved web page → the lines of its main text, in the shape of a scraped
 * .txt file (title line, then one line per block), so the same boilerplate
 * and structure rules apply to both. Readability finds the article and drops
 * header, navigation, sidebar and footer; what it keeps of a site's
 * boilerplate (disclaimers, comment prompts) the line rules remove.
 */
export function htmlToLines(html: string): string[] {
  const { document } = parseHTML(html);
  // Read the page's own <h1> before Readability rewrites the document.
  const h1 = collapse(document.querySelector('h1')?.textContent ?? '');
  const article = new Readability(document as unknown as Document, { charThreshold: 100, serializer: (node: Node) => node }).parse();
  const root = (article?.content as Element | null | undefined) ?? (document.querySelector('main, article') as unknown as Element | null) ?? (document.body as unknown as Element);
  const title = h1 || collapse(article?.title ?? '');
  const blocks = blockLines(root).filter((line) => line !== '');
  // Readability usually drops a heading that repeats the title; when it does not, drop it here.
  if (blocks[0]?.replace(/^#+\s*/, '') === title) blocks.shift();
  return [title, ...blocks].flatMap((block) => [...block.split('\n'), '']);
}

const CJK_SPACE_CJK = /(?<=[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’])[ ](?=[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’])/gu;
const HEADING = /^H([1-6])$/;
const CONTAINERS = new Set(['DIV', 'SECTION', 'ARTICLE', 'MAIN', 'BLOCKQUOTE', 'BODY', 'HEADER', 'FOOTER', 'ASIDE', 'NAV', 'FORM', 'CENTER', 'TBODY', 'THEAD', 'TFOOT', 'FIGURE']);
const BLOCKS = new Set([...CONTAINERS, 'P', 'UL', 'OL', 'LI', 'TABLE', 'TR', 'PRE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HR', 'DL', 'DT', 'DD']);

function blockLines(element: Element): string[] {
  const tag = element.tagName;
  const heading = HEADING.exec(tag);
  if (heading) return [`${'#'.repeat(Math.max(1, Number(heading[1]) - 1))} ${inlineText(element)}`];
  if (tag === 'UL' || tag === 'OL') {
    return Array.from(element.children).filter((li) => li.tagName === 'LI').map((li, i) => `${tag === 'OL' ? `${i + 1}.` : '-'} ${inlineText(li)}`);
  }
  if (tag === 'TABLE') {
    // One block: its rows stay on adjacent lines, which is what makes them a table.
    return [Array.from(element.querySelectorAll('tr')).map((row) => Array.from(row.children).map((cell) => inlineText(cell).replace(/\s+/g, ' ')).join('\t')).join('\n')];
  }
  if (tag === 'PRE') return (element.textContent ?? '').split('\n');
  const hasBlockChild = Array.from(element.children).some((child) => BLOCKS.has(child.tagName));
  if (!hasBlockChild) return inlineText(element).split('\n');
  // Mixed content: runs of inline nodes between blocks are lines of their own.
  const lines: string[] = [];
  let inline = '';
  const flush = (): void => {
    if (collapse(inline)) lines.push(...collapse(inline).split('\n'));
    inline = '';
  };
  for (const child of Array.from(element.childNodes)) {
    if (child.nodeType === 1 && BLOCKS.has((child as Element).tagName)) {
      flush();
      lines.push(...blockLines(child as Element));
    } else {
      inline += child.nodeType === 1 ? inlineMarkdown(child as Element) : (child.textContent ?? '').replace(/\s+/g, ' ');
    }
  }
  flush();
  return lines;
}

function inlineText(element: Element): string {
  return collapse(inlineMarkdown(element));
}

/** Inline content as text, keeping bold (a site's own bold lead sentences) and line breaks. */
function inlineMarkdown(node: Element): string {
  let out = '';
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === 3) out += (child.textContent ?? '').replace(/\s+/g, ' ');
    else if (child.nodeType === 1) {
      const element = child as Element;
      if (element.tagName === 'BR') out += '\n';
      else if (element.tagName === 'STRONG' || element.tagName === 'B') {
        const inner = collapse(inlineMarkdown(element));
        out += inner ? `**${inner}**` : '';
      } else if (element.tagName !== 'SCRIPT' && element.tagName !== 'STYLE') out += inlineMarkdown(element);
    }
  }
  return out;
}

/**
 * HTML whitespace → one space, none at line ends and none between two Chinese
 * characters (a source line break inside a paragraph is not a word space in
 * Chinese); a <br> stays a line break.
 */
function collapse(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\r\f\u00a0]+/g, ' ').replace(CJK_SPACE_CJK, '').trim())
    .join('\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}
