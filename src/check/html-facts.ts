import path from 'node:path';
import { parseHTML } from 'linkedom';
import { readRegularFile } from '../files/read.ts';

/** What the PDF checks compare with, read from the HTML of the same build. */
export interface HtmlFacts {
  /** The main content's text, as the DOM holds it (ruby parentheses included). */
  mainText: string;
  /** Elements of the main content in a language other than the page's. */
  languageParts: { lang: string; text: string }[];
  footnotes: number;
  footnoteCalls: number;
  tableCaptions: number;
  /** Tables with a header row group (`<thead>`). */
  tableHeads: number;
  /** In-page links (`href="#…"`) whose target id does not exist. */
  brokenFragments: string[];
}

const MAX_HTML_BYTES = 64 * 1024 * 1024;

/** A file a checked document points at, read as hostile input: a regular file, not a link, bounded in size. */
export function readCheckedFile(file: string, maxBytes = MAX_HTML_BYTES): Promise<Buffer> {
  return readRegularFile(file, { shown: file, maxBytes, noFollow: true });
}

export function htmlFacts(html: string): HtmlFacts {
  const { document } = parseHTML(html);
  const pageLang = (document.documentElement.getAttribute('lang') ?? '').toLowerCase();
  const main = document.querySelector('main') ?? document.body;
  const ids = new Set(Array.from(document.querySelectorAll('[id]')).map((element) => element.getAttribute('id')));
  const brokenFragments: string[] = [];
  for (const link of Array.from(document.querySelectorAll('a[href^="#"]'))) {
    const href = link.getAttribute('href') ?? '#';
    let target = href.slice(1);
    try {
      target = decodeURIComponent(target);
    } catch {
      // Not percent-encoded text: compare as written.
    }
    if (target && !ids.has(target)) brokenFragments.push(href);
  }
  const languageParts: HtmlFacts['languageParts'] = [];
  for (const element of Array.from(main?.querySelectorAll('[lang]') ?? [])) {
    const lang = element.getAttribute('lang') ?? '';
    if (lang && lang.toLowerCase() !== pageLang) languageParts.push({ lang, text: element.textContent ?? '' });
  }
  // A reader hears an ordered list's numbers, which CSS draws and the PDF tags as Lbl text: "1." as in the PDF.
  for (const list of Array.from(main?.querySelectorAll('ol') ?? [])) {
    const type = list.getAttribute('type');
    if (type && type !== '1') continue;
    let number = Number(list.getAttribute('start') ?? '1') || 1;
    for (const item of Array.from(list.children)) {
      if (item.tagName.toLowerCase() !== 'li') continue;
      item.insertBefore(document.createTextNode(`${number++}.`), item.firstChild);
    }
  }
  return {
    mainText: main?.textContent ?? '',
    languageParts,
    footnotes: main?.querySelectorAll('li[id^="user-content-fn-"]').length ?? 0,
    footnoteCalls: main?.querySelectorAll('a[href^="#user-content-fn-"]').length ?? 0,
    tableCaptions: main?.querySelectorAll('table > caption').length ?? 0,
    tableHeads: main?.querySelectorAll('table > thead').length ?? 0,
    brokenFragments,
  };
}

/**
 * The HTML built with a PDF: the manifest beside the PDF lists both. Its
 * paths stay inside the PDF's folder. Undefined when there is none.
 */
export async function companionHtml(pdfFile: string): Promise<{ file: string; html: string; title?: string } | undefined> {
  const dir = path.dirname(path.resolve(pdfFile));
  let manifest: { title?: unknown; outputs?: unknown };
  try {
    manifest = JSON.parse((await readCheckedFile(path.join(dir, 'manifest.json'), 16 * 1024 * 1024)).toString('utf8'));
  } catch {
    return undefined;
  }
  const outputs = Array.isArray(manifest.outputs) ? (manifest.outputs as { role?: unknown; path?: unknown }[]) : [];
  const listsPdf = outputs.some((o) => typeof o.path === 'string' && path.resolve(dir, o.path) === path.resolve(pdfFile));
  const html = outputs.find((o) => o.role === 'html' && typeof o.path === 'string');
  if (!listsPdf || !html) return undefined;
  const file = path.resolve(dir, html.path as string);
  if (path.relative(dir, file).startsWith('..') || path.isAbsolute(path.relative(dir, file))) return undefined;
  try {
    return { file, html: (await readCheckedFile(file)).toString('utf8'), title: typeof manifest.title === 'string' ? manifest.title : undefined };
  } catch {
    return undefined;
  }
}
