// Stage 2: one edition's plan: its front matter, formats, output folder, fonts, and every input its outputs depend on.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { applyEdition, type Edition } from '../editions/editions.ts';
import { documentFonts, loadProjectConfig } from '../fonts/config.ts';
import { resolveFaces, type FontFace, type ResolvedFonts } from '../fonts/faces.ts';
import { FALLBACK_FONTS, SYMBOL_FALLBACK, planFallbacks, type FallbackPlan } from '../fonts/fallback.ts';
import { collectInputs, fileMatches, installedChromiumVersion } from '../output/inputs.ts';
import { MANIFEST, type Manifest, type ManifestBuild } from '../output/write.ts';
import { generator } from '../paths.ts';
import { findChromium } from '../render/chromium.ts';
import type { FrontMatter } from '../source/frontmatter.ts';
import { FORMATS, needsChromium, type Format } from './formats.ts';
import type { BuildOptions } from './options.ts';
import type { ParsedSource } from './source-stage.ts';

export interface EditionPlan {
  edition: Edition;
  /** The front matter with the edition's overrides. */
  meta: FrontMatter;
  /** The formats this edition is built in. */
  formats: ReadonlySet<Format>;
  outDir: string;
  /** `<doc>` or `<doc>/<edition>`, for messages. */
  label: string;
  project: Awaited<ReturnType<typeof loadProjectConfig>>;
  faces: readonly FontFace[];
  fallbacks: ResolvedFonts['fallbacks'];
  /** The regular serif's file: fallback planning measures against it. */
  serifFile: string | undefined;
  /** The manifest's record of inputs, options and versions. */
  build: ManifestBuild;
  /** Any PDF output: Chromium is needed. */
  wantPdf: boolean;
}

/** Everything the edition's outputs depend on; equal to the last build's, the build is skipped. */
export async function planEdition(parsed: ParsedSource, edition: Edition, options: Pick<BuildOptions, 'outRoot' | 'formats' | 'impose' | 'pdfx'>): Promise<EditionPlan> {
  const { source, shownFile, images } = parsed;
  const meta = applyEdition(parsed.meta, edition);
  const formats = new Set([...options.formats].filter((format) => !edition.formats || edition.formats.includes(format)));
  const outDir = edition.isDefault ? path.join(options.outRoot, source.name) : path.join(options.outRoot, source.name, edition.id);
  const label = edition.isDefault ? source.name : `${source.name}/${edition.id}`;
  // Fonts per role (project config, then the front matter): inputs too.
  const project = parsed.project.config;
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
    project: parsed.project.inputs,
  });
  const build: ManifestBuild = {
    source: projectPath(source.dir),
    editionInfo: { id: edition.id, name: edition.name ?? null, date: edition.date, changes: edition.changes ?? null, default: edition.isDefault },
    options: { formats: FORMATS.filter((f) => formats.has(f)), impose: options.impose ?? null, pdfx: options.pdfx === true },
    versions: { paiban: generator.version, node: process.versions.node },
    inputs,
    // As merged (config < _defaults.yaml < front matter < edition), before a Traditional edition converts the title.
    documentOptions: structuredClone(meta),
  };
  return { edition, meta, formats, outDir, label, project, faces, fallbacks, serifFile, build, wantPdf: needsChromium(formats, options.impose) };
}

/** The bundled fallback files a plan draws from. */
export function fallbackFiles(plan: FallbackPlan): string[] {
  const bundled = new Set(FALLBACK_FONTS.map((font) => font.file));
  return [...new Set(plan.faces.map((face) => face.file).filter((file) => bundled.has(file)))];
}

/** A path relative to the working directory (the project), `/`-separated: never absolute in an output. */
function projectPath(file: string): string {
  return path.relative(process.cwd(), file).split(path.sep).join('/');
}

/**
 * The outputs in `outDir` were built from exactly these inputs, options and
 * versions (Chromium's read from the installed browser), and are all there:
 * the last manifest, else undefined.
 */
export async function upToDate(plan: Pick<EditionPlan, 'outDir' | 'build' | 'wantPdf'>): Promise<Manifest | undefined> {
  const { outDir, build, wantPdf } = plan;
  const text = await readFile(path.join(outDir, MANIFEST), 'utf8').catch(() => undefined);
  if (!text) return undefined;
  let previous: Partial<Manifest>;
  try {
    previous = JSON.parse(text) as Partial<Manifest>;
  } catch {
    return undefined;
  }
  const recorded = JSON.stringify({ ...pickBuild(previous), generator: previous.generator });
  if (recorded !== JSON.stringify({ ...pickBuild(build), generator })) return undefined;
  if (wantPdf) {
    const installed = await installedChromiumVersion(findChromium());
    if (!installed || !previous.browser?.includes(installed)) return undefined;
  }
  for (const output of previous.outputs ?? []) if (!(await fileMatches(path.join(outDir, output.path), output.bytes))) return undefined;
  return previous as Manifest;
}

function pickBuild(from: Partial<ManifestBuild>): Partial<ManifestBuild> {
  return { source: from.source, editionInfo: from.editionInfo, options: from.options, versions: from.versions, inputs: from.inputs };
}
