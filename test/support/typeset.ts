import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildDocument } from '../../src/pipeline/edition.ts';
import { RendererPool } from '../../src/render/pool.ts';
import { linesOf, readGlyphs, type Line, type PdfPage } from './glyphs.ts';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const MM = 72 / 25.4;

export interface Built {
  pdf: string;
  html: string;
  pages: PdfPage[];
  warnings: string[];
}

/**
 * Build a copy of a document folder with its front matter's `layout:` set,
 * to a temporary folder; returns the PDF's glyphs and the HTML.
 */
export async function buildAs(renderer: RendererPool, docDir: string, layout: string, tmp: string, variant?: { name: string; front: string }): Promise<Built> {
  const name = `${path.basename(docDir)}-${layout}${variant ? `-${variant.name}` : ''}`;
  const copy = path.join(tmp, 'src', name);
  await cp(docDir, copy, { recursive: true });
  const md = await readFile(path.join(copy, 'index.md'), 'utf8');
  if (!/^layout:/m.test(md)) throw new Error(`${docDir}: no layout line in the front matter`);
  await writeFile(path.join(copy, 'index.md'), md.replace(/^layout:.*$/m, `layout: ${layout}${variant ? `\n${variant.front}` : ''}`));
  const warnings: string[] = [];
  const outRoot = path.join(tmp, 'out');
  await buildDocument(copy, renderer, {
    outRoot,
    formats: new Set(['html', 'pdf']),
    timeoutMs: 60_000,
    progress: () => undefined,
    warn: (message: string) => warnings.push(message),
  });
  const pdf = path.join(outRoot, name, `${name}.pdf`);
  const html = await readFile(path.join(outRoot, name, 'index.html'), 'utf8');
  return { pdf, html, pages: await readGlyphs(pdf), warnings };
}

/** Characters that must not start a line (GB/T 15834, clreq). */
export const NO_LINE_START = '，。、；：？！）》”’…';
/** Characters that must not end a line. */
export const NO_LINE_END = '（《“‘';
export const OPENING = '“‘（《〈「『【';
const PUNCT = /[\p{P}\p{S}]/u;
export const isPunct = (ch: string): boolean => PUNCT.test(ch);
export const isHalfWidth = (ch: string): boolean => ch.codePointAt(0)! < 0x2000;

export interface BodyLine extends Line {
  page: number;
  /** Index among the body lines of its page. */
  index: number;
  /** Reaches the right edge of the text block: a justified, full line. */
  full: boolean;
  /** Starts indented (first line of a paragraph or heading). */
  indented: boolean;
  left: number;
  right: number;
}

/**
 * The body lines of every page: lines in the body size, folios and titles
 * left out. `left`/`right` are the page's text block edges: the most common
 * line start, and that plus `measure` (or the most common line end).
 */
export function bodyLines(pages: readonly PdfPage[], bodySize: number, measure?: number): BodyLine[][] {
  return pages.map((page) => {
    // Body-size lines, leaving out contents entries: a leader between the
    // heading text and its page number, drawn as a rule (a gap of several ems
    // in the text) or as a run of ellipses (……).
    const lines = linesOf(page.glyphs).filter(
      (l) =>
        Math.abs(l.size - bodySize) < 0.3 &&
        !l.glyphs.some((g, i) => i > 0 && g.x - (l.glyphs[i - 1]!.x + l.glyphs[i - 1]!.w) > 2 * bodySize) &&
        !l.glyphs.map((g) => g.ch).join('').includes('……'),
    );
    // The text block's left edge: the most common line start on the page.
    const starts = new Map<number, number>();
    for (const l of lines) starts.set(Math.round(l.x0 * 2) / 2, (starts.get(Math.round(l.x0 * 2) / 2) ?? 0) + 1);
    const left = [...starts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
    // The right edge: given, or where most lines end (justified lines).
    const ends = new Map<number, number>();
    for (const l of lines) ends.set(Math.round(l.x1), (ends.get(Math.round(l.x1)) ?? 0) + 1);
    const right = measure ? left + measure : Math.max(...lines.map((l) => l.x1).filter((x) => Math.abs(x - ([...ends].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0)) < 1));
    return lines.map((l, index) => ({
      ...l,
      page: page.number,
      index,
      left,
      right,
      full: l.x1 >= right - bodySize * 0.6,
      indented: l.x0 > left + bodySize,
    }));
  });
}

/** Heading texts as the reader sees them, from the HTML output. */
export function headingTexts(html: string): string[] {
  return [...html.matchAll(/<h([2-6])([^>]*)>([\s\S]*?)<\/h\1>/g)]
    .filter((m) => !/id="[^"]*toc-title"/.test(m[2]!)) // the contents' own title
    .map((m) => m[3]!.replace(/<[^>]+>/g, '').replace(/&#x3C;|&lt;/g, '<').trim());
}

export function describe(line: Line & { page?: number }): string {
  return `page ${line.page ?? '?'}: "${line.text}"`;
}
