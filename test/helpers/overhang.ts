import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * A project whose own booklet style lets the body overhang the type area
 * (paiban's clips it): Chromium then shrinks every page of a book with a
 * justified line that ends a hair past the area, as the sample report has.
 * Returns the folder of the document, written as `source/<name>/index.md`;
 * build it with the project root as the working directory.
 */
export function overhangingProject(root: string, name: string, markdown: string): string {
  mkdirSync(path.join(root, 'styles'), { recursive: true });
  writeFileSync(path.join(root, 'paiban.config.yaml'), '# A house style that lets the body overhang the type area.\n');
  writeFileSync(path.join(root, 'styles', 'booklet.css'), 'html, body { overflow-x: visible; }\n');
  const doc = path.join(root, 'source', name);
  mkdirSync(doc, { recursive: true });
  writeFileSync(path.join(doc, 'index.md'), markdown);
  return doc;
}

/** The sizes (pt) pdf.js reads for every text run of the PDF: a shrunk print has its 12 pt body at a hair under 12. */
export async function textRunSizes(file: string): Promise<number[]> {
  const pdf = await getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 }).promise;
  try {
    const sizes: number[] = [];
    for (let page = 1; page <= pdf.numPages; page++) {
      const { items } = await (await pdf.getPage(page)).getTextContent();
      for (const item of items) if ('str' in item && item.str.trim()) sizes.push(Math.hypot(item.transform[0] as number, item.transform[1] as number));
    }
    return sizes;
  } finally {
    await pdf.destroy();
  }
}

/** Whether some run of a nominal `size` came out a hair smaller (Chromium shrank the pages). */
export const shrunkFrom = (sizes: readonly number[], size: number): boolean => sizes.some((s) => s > size - 0.01 && s < size - 1e-6);
