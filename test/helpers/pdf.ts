import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PDFDict, PDFDocument, PDFName, PDFString, PDFHexString } from 'pdf-lib';

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
  unicode: boolean;
}

/** Fonts as poppler's pdffonts sees them. */
export function pdfFonts(file: string): PdfFont[] {
  const out = execFileSync('pdffonts', [file], { encoding: 'utf8' });
  return out
    .split('\n')
    .slice(2)
    .filter((line) => line.trim())
    .map((line) => {
      // Columns: name, type (may contain spaces), encoding, emb, sub, uni, object, ID.
      const m = /^(\S+)\s+(.+?)\s{2,}(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(line);
      if (!m) throw new Error(`unparsed pdffonts line: ${line}`);
      return { name: m[1]!, type: m[2]!, embedded: m[4] === 'yes', subset: m[5] === 'yes', unicode: m[6] === 'yes' };
    });
}

/** Text of each page (pdftotext, reading order), one string per page. */
export function pdfPagesText(file: string): string[] {
  const out = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  const pages = out.split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return pages;
}

export async function pdfCatalogInfo(file: string): Promise<{ lang: string | undefined; title: string | undefined; pages: number; marked: boolean }> {
  const pdf = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
  const lang = pdf.catalog.lookupMaybe(PDFName.of('Lang'), PDFString, PDFHexString)?.decodeText();
  const markInfo = pdf.catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict);
  const marked = String(markInfo?.get(PDFName.of('Marked'))) === 'true';
  return { lang, title: pdf.getTitle(), pages: pdf.getPageCount(), marked };
}

/** Remove all white space: pdftotext breaks lines and may add spaces at autospace gaps. */
export function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

/** Per-page lines as pdftotext -layout lays them out, blank lines dropped, trimmed. */
export function pdfPageLines(file: string): string[][] {
  const out = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  const pages = out.split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return pages.map((page) => page.split('\n').map((line) => line.trim()).filter(Boolean));
}

/** A folio as printed: arabic or lower-case roman. */
export const FOLIO = /^(?:\d+|[ivxlc]+)$/;

/**
 * The text of the document body: every page without its running head (the
 * first line, when it is one of `heads`) and its folio (the last line).
 */
export function bodyText(pages: string[][], heads: readonly string[]): string {
  return pages
    .map((lines) => {
      let body = lines;
      if (body.length && FOLIO.test(body.at(-1)!)) body = body.slice(0, -1);
      if (body.length && heads.includes(body[0]!)) body = body.slice(1);
      return body.join('\n');
    })
    .join('\n');
}

/** A word as poppler places it: its box in points from the top-left of the page's crop box. */
export interface WordBox {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** The words of one page with their boxes (`pdftotext -bbox`). */
export function pdfWordBoxes(file: string, page: number): WordBox[] {
  const out = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });
  const words: WordBox[] = [];
  for (const m of out.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    words.push({ text: m[5]!, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]) });
  }
  return words;
}
