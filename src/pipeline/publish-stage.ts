// Stage 8: the outputs → the written folder: the manifest, and every file in place at once (or nothing, under --strict with warnings).
import { UserError } from '../errors.ts';
import { buildManifest, writeOutputs, type Manifest, type ManifestBuild, type OutputFile } from '../output/write.ts';
import { generator } from '../paths.ts';
import { trace } from '../trace.ts';

export interface Publication {
  /** `<outRoot>/<doc>`: every edition publishes under its lock. */
  documentDir: string;
  outDir: string;
  document: string;
  title: string;
  edition: string;
  /** Chromium's version, null when nothing was printed. */
  browser: string | null;
  build: ManifestBuild;
  /** The HTML output (packed while Chromium printed), then the PDFs. */
  html: () => Promise<OutputFile[]>;
  pdfs: OutputFile[];
  /** Warnings so far, and whether they fail the edition. */
  warnings: number;
  strict: boolean;
  shownFile: string;
  progress: (step: string) => void;
}

export async function publishEdition(publication: Publication): Promise<Manifest> {
  const { warnings, strict, shownFile, outDir, build } = publication;
  if (strict && warnings) {
    throw new UserError(`strict: ${warnings} warning${warnings > 1 ? 's' : ''} (above); nothing written`, { file: shownFile });
  }
  publication.progress('write');
  const unique = dedupe([...(await publication.html()), ...publication.pdfs]);
  const manifest = buildManifest(
    { document: publication.document, title: publication.title, edition: publication.edition, generator, browser: publication.browser, ...build },
    // The manifest lists what a reader opens first; assets ride along with the HTML.
    [...unique.filter((f) => f.role !== 'asset'), ...unique.filter((f) => f.role === 'asset')],
  );
  await writeOutputs(outDir, unique, manifest, { lockDir: publication.documentDir });
  trace('written');
  return manifest;
}

/** The first file of each path. */
export function dedupe(files: readonly OutputFile[]): OutputFile[] {
  const seen = new Map<string, OutputFile>();
  for (const file of files) if (!seen.has(file.path)) seen.set(file.path, file);
  return [...seen.values()];
}

