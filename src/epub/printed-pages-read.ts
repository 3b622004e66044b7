import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

import type { PrintedPage } from './printed-pages.ts';

/**
 * The text and folio of each page of the PDF paiban printed, through pdf.js.
 * The labels are read back from the finished PDF, so the EPUB's page list
 * can only name folios the printed book shows. Runs in its own thread
 * (printed-pages.ts): pdf.js's legacy build polyfills globals.
 */
export async function readPdfPages(pdfBytes: Uint8Array): Promise<PrintedPage[]> {
  // pdf.js takes ownership of the array it is given: hand it a copy.
  const pdf = await getDocument({ data: new Uint8Array(pdfBytes), verbosity: 0 }).promise;
  try {
    const labels = await pdf.getPageLabels();
    const pages: PrintedPage[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const content = await (await pdf.getPage(n)).getTextContent();
      const items = content.items.flatMap((item) => ('str' in item && item.str.trim() ? [item.str] : []));
      pages.push({ label: labels?.[n - 1] ?? String(n), items });
    }
    return pages;
  } finally {
    await pdf.destroy();
  }
}
