import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { LOAD_OPTIONS } from './pdf-options.ts';

/**
 * Where each element id landed: Chromium writes a named destination for
 * every id that a link targets. Returns id → 0-based page index.
 */
export async function namedDestinationPages(printed: Uint8Array | PDFDocument): Promise<Map<string, number>> {
  const pdf = printed instanceof PDFDocument ? printed : await PDFDocument.load(printed, LOAD_OPTIONS);
  const pageIndex = new Map<string, number>();
  pdf.getPages().forEach((page, index) => pageIndex.set(page.ref.toString(), index));

  const found = new Map<string, number>();
  const add = (name: string, dest: unknown) => {
    const array = dest instanceof PDFDict ? dest.lookup(PDFName.of('D')) : dest;
    if (!(array instanceof PDFArray)) return;
    const target = array.get(0);
    const index = target instanceof PDFRef ? pageIndex.get(target.toString()) : undefined;
    if (index !== undefined) found.set(name, index);
  };

  const dests = pdf.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  for (const [key, value] of dests?.entries() ?? []) add(decodeName(key), dests!.context.lookup(value));
  return found;
}

/** PDF names escape bytes as #xx; Chromium writes ids percent-encoded as in URLs. */
export function decodeName(name: PDFName): string {
  const raw = name.asString().slice(1);
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '#' && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 1, i + 3))) {
      bytes.push(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(raw.charCodeAt(i));
  }
  const text = Buffer.from(bytes).toString('utf8');
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
