// A printed book as readers see it, read by pdf.js and poppler (never paiban's
// code): what two ways of printing the same book must agree on.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { paiban } from './cli.ts';
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

export interface BuiltBook {
  reading: BookReading;
  /** The build's stderr, traced (PAIBAN_TRACE). */
  stderr: string;
  file: string;
}

/** The book in `doc` built as PDF into `work/<name>` once per run (each with its own environment, traced), and read. */
export async function buildBooks<K extends string>(doc: string, work: string, runs: readonly (readonly [K, Record<string, string>])[]): Promise<Record<K, BuiltBook>> {
  const built = {} as Record<K, BuiltBook>;
  const name = path.basename(doc);
  for (const [run, env] of runs) {
    const out = path.join(work, run);
    const result = paiban(['build', doc, '--out', out, '--format', 'pdf', '--force'], { env: { PAIBAN_TRACE: '1', ...env } });
    assert.equal(result.code, 0, result.stderr);
    const file = path.join(out, name, `${name}.pdf`);
    built[run] = { reading: await readBook(file), stderr: result.stderr, file };
  }
  return built;
}
