import { SaxesParser } from 'saxes';

/** What the checks need from an XMP packet, read by a conforming XML parser. */
export interface XmpFacts {
  /** The parse error, when the packet is not well-formed UTF-8 XML. */
  error?: string;
  /** pdfuaid:part, as element or attribute. */
  pdfuaPart?: string;
  /** dc:title's x-default alternative (else its first). */
  title?: string;
  /** dc:language's entries. */
  languages: string[];
}

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const DC = 'http://purl.org/dc/elements/1.1/';
const PDFUAID = 'http://www.aiim.org/pdfua/ns/id/';

/**
 * Parse an XMP packet (ISO 16684-1: XML in UTF-8 unless a BOM says
 * otherwise). Bytes that are not UTF-8 are an error, as they are to every
 * XMP reader: a reader that cannot parse the packet sees no metadata at all.
 */
export function readXmp(bytes: Uint8Array): XmpFacts {
  const facts: XmpFacts = { languages: [] };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ...facts, error: 'the metadata stream is not UTF-8' };
  }
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: { uri: string; local: string; lang?: string }[] = [];
  let textBuffer = '';
  const titles: { lang?: string; text: string }[] = [];
  let error: string | undefined;
  parser.on('error', (e) => {
    error ??= e.message;
  });
  parser.on('opentag', (tag) => {
    const lang = tag.attributes['xml:lang'];
    stack.push({ uri: tag.uri, local: tag.local, lang: typeof lang === 'object' ? lang.value : undefined });
    for (const attribute of Object.values(tag.attributes)) {
      if (typeof attribute === 'object' && attribute.uri === PDFUAID && attribute.local === 'part') facts.pdfuaPart = attribute.value;
    }
    textBuffer = '';
  });
  parser.on('text', (t) => {
    textBuffer += t;
  });
  parser.on('closetag', () => {
    const closing = stack.pop();
    if (!closing) return;
    const parent = stack.at(-1);
    const grand = stack.at(-2);
    if (closing.uri === PDFUAID && closing.local === 'part') facts.pdfuaPart = textBuffer.trim();
    if (closing.uri === RDF && closing.local === 'li' && parent?.uri === RDF && grand?.uri === DC) {
      if (grand.local === 'title') titles.push({ lang: closing.lang, text: textBuffer });
      if (grand.local === 'language') facts.languages.push(textBuffer.trim());
    }
    textBuffer = '';
  });
  try {
    parser.write(text.replace(/^\uFEFF/, '')).close();
  } catch (e) {
    error ??= (e as Error).message;
  }
  if (error) return { ...facts, error: error.split('\n')[0] };
  facts.title = (titles.find((t) => t.lang === 'x-default') ?? titles[0])?.text;
  return facts;
}
