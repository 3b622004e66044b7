import { readFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface MarkedText {
  /** Text inside tagged (structure) content, in content order, pages joined. */
  tagged: string;
  /** Text inside /Artifact marked content. */
  artifacts: string;
  /** Text inside no marked content, or only in sequences with no MCID (Chromium's /ReversedChars): neither tagged nor artifact. */
  unmarked: string;
}

/** Read a PDF's text split by marked content, as pdf.js sees it. */
export async function markedText(file: string): Promise<MarkedText> {
  const pdf = await getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 }).promise;
  const out: MarkedText = { tagged: '', artifacts: '', unmarked: '' };
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent({ includeMarkedContent: true });
    // pdf.js gives a sequence with an MCID an id ("p12R_mc0"); one without, none.
    const stack: { tag: string; id?: string }[] = [];
    for (const item of content.items as ({ type?: string; tag?: string; id?: string; str?: string })[]) {
      if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') stack.push({ tag: item.tag ?? '', id: item.id });
      else if (item.type === 'endMarkedContent') stack.pop();
      else if (typeof item.str === 'string') {
        if (stack.some((m) => m.tag === 'Artifact')) out.artifacts += item.str;
        else if (stack.some((m) => m.id)) out.tagged += item.str;
        else out.unmarked += item.str;
      }
    }
  }
  await pdf.destroy();
  return out;
}
