import { SaxesParser } from 'saxes';
import { unzipSync } from 'fflate';
import path from 'node:path/posix';

/** Bounds for reading an EPUB someone sent: a zip bomb stops here, not in memory. */
const MAX_ENTRIES = 10_000;
const MAX_UNPACKED = 1024 * 1024 * 1024;

export interface EpubEntry {
  name: string;
  bytes: Uint8Array;
  /** 0 stored, 8 deflated. */
  compression: number;
}

/** The entries of an EPUB (zip), in stored order, with safe relative names only. */
export function readEpubEntries(bytes: Uint8Array): EpubEntry[] {
  const entries: EpubEntry[] = [];
  let total = 0;
  let count = 0;
  const files = unzipSync(bytes, {
    filter: (file) => {
      total += file.originalSize;
      if (++count > MAX_ENTRIES || total > MAX_UNPACKED) throw new Error('more than 1 GB or 10,000 files unpacked');
      entries.push({ name: file.name, bytes: new Uint8Array(), compression: file.compression });
      return !file.name.endsWith('/');
    },
  });
  for (const entry of entries) entry.bytes = files[entry.name] ?? new Uint8Array();
  return entries.filter((entry) => !entry.name.endsWith('/') && isSafeName(entry.name));
}

function isSafeName(name: string): boolean {
  return !name.startsWith('/') && !name.split('/').includes('..') && !name.includes('\\') && !name.includes('\0');
}

/** A small XML element tree (enough for the OPF and the navigation document). */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: (XmlElement | string)[];
}

export function parseXml(text: string): XmlElement {
  const parser = new SaxesParser({ xmlns: false });
  const root: XmlElement = { name: '#document', attributes: {}, children: [] };
  const stack = [root];
  parser.on('opentag', (tag) => {
    const element: XmlElement = { name: tag.name, attributes: tag.attributes as Record<string, string>, children: [] };
    stack.at(-1)!.children.push(element);
    stack.push(element);
  });
  parser.on('closetag', () => void stack.pop());
  parser.on('text', (t) => void stack.at(-1)!.children.push(t));
  parser.write(text).close();
  return root;
}

export function findAll(element: XmlElement, test: (e: XmlElement) => boolean, out: XmlElement[] = []): XmlElement[] {
  for (const child of element.children) {
    if (typeof child === 'string') continue;
    if (test(child)) out.push(child);
    findAll(child, test, out);
  }
  return out;
}

export function textOf(element: XmlElement): string {
  return element.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

/** The package document's path, its parsed tree, and the spine's content documents (paths in the zip). */
export function readPackage(entries: readonly EpubEntry[]): { opfPath: string; opf: XmlElement; spine: string[]; navPath: string | undefined } {
  const decode = (name: string) => {
    const entry = entries.find((e) => e.name === name);
    if (!entry) throw new Error(`no ${name}`);
    return new TextDecoder().decode(entry.bytes);
  };
  const container = parseXml(decode('META-INF/container.xml'));
  const opfPath = findAll(container, (e) => e.name === 'rootfile')[0]?.attributes['full-path'];
  if (!opfPath) throw new Error('META-INF/container.xml names no package document');
  const opf = parseXml(decode(opfPath));
  const base = path.dirname(opfPath);
  const items = new Map(findAll(opf, (e) => e.name === 'item').map((item) => [item.attributes['id'], item.attributes]));
  const resolve = (href: string) => path.join(base, decodeURI(href));
  const spine = findAll(opf, (e) => e.name === 'itemref').flatMap((ref) => {
    const item = items.get(ref.attributes['idref']);
    return item?.['href'] && item['media-type'] === 'application/xhtml+xml' ? [resolve(item['href'])] : [];
  });
  const nav = [...items.values()].find((item) => item['properties']?.split(/\s+/).includes('nav'));
  return { opfPath, opf, spine, navPath: nav?.['href'] ? resolve(nav['href']) : undefined };
}
