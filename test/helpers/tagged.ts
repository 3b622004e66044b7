import { readFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface MarkedText {
  /** Text inside tagged (structure) content, in content order, pages joined. */
  tagged: string;
  /** Text inside /Artifact marked content. */
  artifacts: string;
  /** Text inside no marked content at all. */
  unmarked: string;
}

/** Read a PDF's text split by marked content, as pdf.js sees it. */
export async function markedText(file: string): Promise<MarkedText> {
  const pdf = await getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 }).promise;
  const out: MarkedText = { tagged: '', artifacts: '', unmarked: '' };
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent({ includeMarkedContent: true });
    const stack: string[] = [];
    for (const item of content.items as ({ type?: string; tag?: string; str?: string })[]) {
      if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') stack.push(item.tag ?? '');
      else if (item.type === 'endMarkedContent') stack.pop();
      else if (typeof item.str === 'string') {
        if (!stack.length) out.unmarked += item.str;
        else if (stack.includes('Artifact')) out.artifacts += item.str;
        else out.tagged += item.str;
      }
    }
  }
  await pdf.destroy();
  return out;
}
