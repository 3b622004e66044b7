import path from 'node:path';
import { resolveEditions } from '../editions/editions.ts';
import { selectEditions } from '../editions/select.ts';
import { documentImages } from '../markdown/document-images.ts';
import { readDocumentSafely } from '../markdown/read.ts';
import { type Manifest } from '../output/write.ts';
import { displayPath } from '../paths.ts';
import { loadSource } from '../source/load.ts';
import { editionInputs, type EditionInputOptions } from './edition-inputs.ts';
import { upToDate } from './up-to-date.ts';
import { existsSync } from 'node:fs';

export interface SkippedEdition {
  name: string;
  outDir: string;
  outputs: Manifest['outputs'];
  seconds: number;
  skipped: true;
}

/**
 * The check a build makes before anything else, loading only what it needs
 * (no renderer, no PDF code): when every selected edition of the document
 * is up to date — the same inputs, options and versions as its manifest
 * records, every output in place — the skipped results; otherwise
 * undefined, and the build proper runs (and reports any problem: this check
 * never does).
 */
export async function skipUnchanged(
  docDir: string,
  options: EditionInputOptions & { edition?: string | undefined; allEditions?: boolean | undefined },
): Promise<SkippedEdition[] | undefined> {
  const started = performance.now();
  // No earlier build: nothing to compare, not even worth a parse.
  if (!existsSync(path.join(options.outRoot, path.basename(path.resolve(docDir))))) return undefined;
  try {
    const source = await loadSource(docDir);
    const shownFile = displayPath(source.file);
    const { meta, metaLines, tree } = await readDocumentSafely(source.markdown, shownFile);
    const images = await documentImages(tree, meta, source.dir, shownFile, metaLines);
    const parsed = { source, shownFile, meta, metaLines, tree, images };
    const results: SkippedEdition[] = [];
    for (const edition of selectEditions(resolveEditions(meta), options, { file: shownFile, line: metaLines['editions'] })) {
      const plan = await editionInputs(parsed, edition, options);
      const manifest = await upToDate(plan.outDir, plan.build, plan.wantPdf);
      if (!manifest) return undefined;
      results.push({ name: plan.label, outDir: plan.outDir, outputs: manifest.outputs, seconds: 0, skipped: true });
    }
    const seconds = (performance.now() - started) / 1000;
    return results.map((result) => ({ ...result, seconds }));
  } catch {
    return undefined;
  }
}
