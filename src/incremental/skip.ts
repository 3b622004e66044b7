import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BuildOptions } from '../pipeline/options.ts';
import { planEdition, upToDate } from '../pipeline/plan-stage.ts';
import { checkSource, readSource, selectEditions, type ReadSource } from '../pipeline/source-stage.ts';
import type { SkippedEdition } from './skip-record.ts';

export type { SkippedEdition };

type SkipOptions = Pick<BuildOptions, 'outRoot' | 'formats' | 'impose' | 'pdfx' | 'edition' | 'allEditions'>;

/**
 * The check a build makes before anything else, loading only what it needs
 * (the source and plan stages: no renderer, no PDF code): when every
 * selected edition of the document is up to date — the same inputs, options
 * and versions as its manifest records, every output in place — the skipped
 * results; otherwise the build proper runs, given the source as this check
 * read it when it got that far (parsed once, not twice), and reports any
 * problem: this check never does.
 */
export async function skipUnchanged(docDir: string, options: SkipOptions): Promise<{ skipped?: SkippedEdition[]; read?: ReadSource }> {
  const started = performance.now();
  // No earlier build: nothing to compare, not even worth a parse.
  if (!existsSync(path.join(options.outRoot, path.basename(path.resolve(docDir))))) return {};
  let read: ReadSource | undefined;
  try {
    read = await readSource(docDir, () => undefined);
    const parsed = await checkSource(read);
    const results: SkippedEdition[] = [];
    for (const edition of selectEditions(parsed, options)) {
      const plan = await planEdition(parsed, edition, options);
      const manifest = await upToDate(plan);
      if (!manifest) return { read };
      results.push({ name: plan.label, outDir: plan.outDir, outputs: manifest.outputs, seconds: 0, skipped: true, fontFiles: plan.faces.map((face) => face.file) });
    }
    const seconds = (performance.now() - started) / 1000;
    return { skipped: results.map((result) => ({ ...result, seconds })) };
  } catch {
    // The build reads the source again and reports the problem (a source that read well but failed a later check: that check again).
    return { read };
  }
}
