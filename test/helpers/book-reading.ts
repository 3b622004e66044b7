// A printed book as readers see it, read by pdf.js and poppler (never paiban's
// code): what two ways of printing the same book must agree on.
import { readFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { pdfPagesText, squash } from './pdf.ts';
import { readStructure } from './structure.ts';

export interface BookReading {
  bytes: Buffer;
  /** Each page's text (poppler), whitespace squashed. */
  pages: string[];
  labels: string[];
  /** Outline titles in order, with the 1-based page each goes to. */
  outline: { title: string; page: number }[];
  /** The text in structure-tree order. */
  structureText: string;
}

export async function readBook(file: string): Promise<BookReading> {
  const bytes = readFileSync(file);
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  try {
    const outline: { title: string; page: number }[] = [];
    type Item = Awaited<ReturnType<typeof pdf.getOutline>>[number];
    const walk = async (item: Item): Promise<void> => {
      const dest = typeof item.dest === 'string' ? await pdf.getDestination(item.dest) : item.dest;
      outline.push({ title: item.title, page: dest ? (await pdf.getPageIndex(dest[0] as never)) + 1 : 0 });
      for (const child of item.items) await walk(child);
    };
    for (const item of (await pdf.getOutline()) ?? []) await walk(item);
    return {
      bytes,
      pages: pdfPagesText(file).map(squash),
      labels: (await pdf.getPageLabels()) ?? [],
      outline,
      structureText: (await readStructure(file)).text,
    };
  } finally {
    await pdf.destroy();
  }
}
