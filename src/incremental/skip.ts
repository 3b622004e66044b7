import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BuildOptions } from '../pipeline/options.ts';
import { planEdition, upToDate } from '../pipeline/plan-stage.ts';
import { checkSource, readSource, selectEditions } from '../pipeline/source-stage.ts';
import type { SkippedEdition } from './skip-record.ts';

export type { SkippedEdition };

type SkipOptions = Pick<BuildOptions, 'outRoot' | 'formats' | 'impose' | 'pdfx' | 'edition' | 'allEditions'>;

/**
 * The check a build makes before anything else, loading only what it needs
 * (the source and plan stages: no renderer, no PDF code): when every
 * selected edition of the document is up to date — the same inputs, options
 * and versions as its manifest records, every output in place — the skipped
 * results; otherwise undefined, and the build proper runs (and reports any
 * problem: this check never does).
 */
export async function skipUnchanged(docDir: string, options: SkipOptions): Promise<SkippedEdition[] | undefined> {
  const started = performance.now();
  // No earlier build: nothing to compare, not even worth a parse.
  if (!existsSync(path.join(options.outRoot, path.basename(path.resolve(docDir))))) return undefined;
  try {
    const parsed = await checkSource(await readSource(docDir, () => undefined));
    const results: SkippedEdition[] = [];
    for (const edition of selectEditions(parsed, options)) {
      const plan = await planEdition(parsed, edition, options);
      const manifest = await upToDate(plan);
      if (!manifest) return undefined;
      results.push({ name: plan.label, outDir: plan.outDir, outputs: manifest.outputs, seconds: 0, skipped: true, fontFiles: plan.faces.map((face) => face.file) });
    }
    const seconds = (performance.now() - started) / 1000;
    return results.map((result) => ({ ...result, seconds }));
  } catch {
    return undefined;
  }
}
