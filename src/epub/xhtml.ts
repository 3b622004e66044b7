import type { Element, ElementContent } from 'hast';
import { toXast } from 'hast-util-to-xast';
import { toXml } from 'xast-util-to-xml';

const XHTML = 'http://www.w3.org/1999/xhtml';
const OPS = 'http://www.idpf.org/2007/ops';

export interface XhtmlPage {
  lang: string;
  title: string;
  stylesheets: readonly string[];
  /** Classes on <html> (large-print, vertical). */
  htmlClass: readonly string[];
  body: readonly ElementContent[];
}

/**
 * A polyglot XHTML5 content document. hast → xast → XML, not an HTML
 * serialiser: boolean attributes need values and empty elements must close.
 */
export function xhtmlDocument(page: XhtmlPage): string {
  const head: Element = {
    type: 'element',
    tagName: 'head',
    properties: {},
    children: [
      { type: 'element', tagName: 'meta', properties: { charSet: 'utf-8' }, children: [] },
      { type: 'element', tagName: 'title', properties: {}, children: [{ type: 'text', value: page.title }] },
      ...page.stylesheets.map((href): Element => ({ type: 'element', tagName: 'link', properties: { rel: ['stylesheet'], type: 'text/css', href }, children: [] })),
    ],
  };
  const html: Element = {
    type: 'element',
    tagName: 'html',
    properties: { 'xmlns:epub': OPS, lang: page.lang, 'xml:lang': page.lang, ...(page.htmlClass.length ? { className: [...page.htmlClass] } : {}) },
    children: [head, { type: 'element', tagName: 'body', properties: {}, children: [...page.body] }],
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n${toXml(toXast({ type: 'root', children: [html] }), { closeEmptyElements: true })}\n`;
}

export { XHTML, OPS };
