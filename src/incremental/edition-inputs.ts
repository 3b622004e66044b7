import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Root } from 'mdast';
import { applyEdition, type Edition } from '../editions/editions.ts';
import { documentFonts, loadProjectConfig, type ProjectConfig } from '../fonts/config.ts';
import { resolveFaces, type ResolvedFonts } from '../fonts/faces.ts';
import { FALLBACK_FONTS, planFallbacks, SYMBOL_FALLBACK, type FallbackPlan } from '../fonts/fallback.ts';
import type { DocumentAsset } from '../markdown/images.ts';
import { collectInputs } from '../output/inputs.ts';
import type { ManifestBuild } from '../output/write.ts';
import { generator } from '../paths.ts';
import type { FrontMatter } from '../source/frontmatter.ts';
import type { SourceDocument } from '../source/load.ts';

/**
 * What an edition's outputs depend on — the record a manifest keeps and the
 * next build compares to skip an unchanged edition. Light on purpose: a
 * skipped build loads this and none of the rendering code (src/cli/build.ts).
 */

export type Format = 'html' | 'pdf' | 'print';
export const FORMATS: readonly Format[] = ['html', 'pdf', 'print'];

/** A parsed source, shared by all the editions built from it. */
export interface ParsedSource {
  source: SourceDocument;
  shownFile: string;
  meta: FrontMatter;
  metaLines: Record<string, number>;
  tree: Root;
  images: DocumentAsset[];
}

export interface EditionInputOptions {
  outRoot: string;
  formats: ReadonlySet<Format>;
  impose?: 'saddle' | undefined;
  pdfx?: boolean | undefined;
}

export interface EditionInputs {
  /** The front matter with the edition's overrides applied. */
  meta: FrontMatter;
  /** The requested formats this edition is built in. */
  formats: Set<Format>;
  outDir: string;
  /** `doc`, or `doc/edition` for an edition besides the default. */
  label: string;
  project: ProjectConfig;
  faces: ResolvedFonts['faces'];
  fallbacks: ResolvedFonts['fallbacks'];
  serifFile: string | undefined;
  wantPdf: boolean;
  /** The manifest's record of the build, before the build adds the fonts its layout text needs. */
  build: ManifestBuild;
}

/** Whether these formats and options need Chromium: any PDF output. */
export function printsPdf(formats: ReadonlySet<Format>, options: { impose?: 'saddle' | undefined }): boolean {
  return formats.has('pdf') || formats.has('print') || options.impose !== undefined;
}

/** The bundled fallback font files a plan uses (inputs of the build). */
export function fallbackFiles(plan: FallbackPlan): string[] {
  const bundled = new Set(FALLBACK_FONTS.map((font) => font.file));
  return [...new Set(plan.faces.map((face) => face.file).filter((file) => bundled.has(file)))];
}

/** A path as the manifest records it: relative to the project (the working directory), `/`-separated. */
export function projectPath(file: string): string {
  return path.relative(process.cwd(), file).split(path.sep).join('/');
}

/** Everything the edition's outputs depend on (fonts per role: the project config, then the front matter). */
export async function editionInputs(parsed: ParsedSource, edition: Edition, options: EditionInputOptions): Promise<EditionInputs> {
  const { source, shownFile, images } = parsed;
  const meta = applyEdition(parsed.meta, edition);
  const formats = new Set([...options.formats].filter((format) => !edition.formats || edition.formats.includes(format)));
  const outDir = edition.isDefault ? path.join(options.outRoot, source.name) : path.join(options.outRoot, source.name, edition.id);
  const label = edition.isDefault ? source.name : `${source.name}/${edition.id}`;
  const project = await loadProjectConfig();
  const ownFonts = await documentFonts(meta.fonts, source.dir, { file: shownFile, line: parsed.metaLines['fonts'] });
  const { faces, fallbacks } = resolveFaces({ ...project.fonts, ...ownFonts });
  const serifFile = faces.find((face) => face.role === 'serif' && face.weight === 400)?.file;
  // The bundled fallback fonts the source needs are inputs too (DejaVu Sans always: Chromium's last resort).
  const sourcePlan = await planFallbacks(faces, source.markdown, serifFile);
  const inputs = await collectInputs({
    sourcePath: projectPath(source.file),
    sourceBytes: source.bytes,
    images,
    fontFiles: [...new Set([...faces.map((face) => face.file), ...fallbackFiles(sourcePlan), SYMBOL_FALLBACK.file])],
    config: project.file ? { path: projectPath(project.file), bytes: await readFile(project.file) } : undefined,
  });
  const build: ManifestBuild = {
    source: projectPath(source.dir),
    editionInfo: { id: edition.id, name: edition.name ?? null, date: edition.date, changes: edition.changes ?? null, default: edition.isDefault },
    options: { formats: FORMATS.filter((f) => formats.has(f)), impose: options.impose ?? null, pdfx: options.pdfx === true },
    versions: { paiban: generator.version, node: process.versions.node },
    inputs,
  };
  return { meta, formats, outDir, label, project, faces, fallbacks, serifFile, wantPdf: printsPdf(formats, options), build };
}
