// Stage 5: the layouts' text → font subsets (fallbacks planned), and the HTML output's files.
import { existsSync } from 'node:fs';
import { STACKED_ON, fontFaceCss, type FontFace } from '../fonts/faces.ts';
import { FALLBACK_FONTS, codePoint, planFallbacks, type FallbackPlan } from '../fonts/fallback.ts';
import { distinctCharacters } from '../fonts/characters.ts';
import { subsetFonts, type FaceSubset } from '../fonts/subset.ts';
import { packForChromium } from '../fonts/served.ts';
import { subsetCoverage } from '../fonts/subset-thread.ts';
import { UserError } from '../errors.ts';
import { trace } from '../trace.ts';
import type { DocumentAsset } from '../markdown/images.ts';
import { fontInputs, type InputRecord } from '../output/inputs.ts';
import type { OutputFile } from '../output/write.ts';
import { EMPTY_STATE, SHARED_STYLES, WEB_LAYOUT, fontFile, truetypeName, type EditionLayouts } from './html-stage.ts';
import { fallbackFiles, type EditionPlan } from './plan-stage.ts';

export interface EditionFonts {
  /** The document's faces and the fallback faces its text needs. */
  faces: readonly FontFace[];
  /** The subsets as TrueType, by output file name: what Chromium prints with. */
  truetype: { name: string; bytes: Buffer }[];
  /** Names of the TrueType subsets of the document's own (not stacked) roles. */
  ownTruetype: ReadonlySet<string>;
  /** The subsets, by the face's file name (the WOFF is packed on demand). */
  subsets: ReadonlyMap<string, FaceSubset>;
  /** Fallback font files the text needs beyond those planned from the source: manifest inputs too. */
  extraInputs: InputRecord[];
}

export async function subsetEditionFonts(
  plan: EditionPlan,
  layouts: EditionLayouts,
  markdown: string,
  shownFile: string,
): Promise<EditionFonts> {
  const { faces, serifFile, wantPdf, meta } = plan;
  const { printHtml, webPage, styles, isBook } = layouts;
  // The text of both layouts, whichever formats are built: the subsets (and so
  // every output's bytes) never depend on which other outputs are made.
  // Text that only later passes print (the colophon's 印张 once the pages are counted) must be in the subsets too.
  const laterText = isBook && meta.cover ? printHtml({ ...EMPTY_STATE, pages: 1 }) : '';
  const usedText = distinctCharacters([webPage, printHtml(EMPTY_STATE), laterText, ...styles.values(), layouts.pageStyles(0)]);
  // Roles without a font share another role's files: subset each file once.
  // The document's own faces hold all its text: their subsets start now, in
  // the subsetter's thread, while this one plans the fallbacks.
  const subsets = new Map<string, FaceSubset>();
  for (const face of faces) if (!subsets.has(face.fileName)) subsets.set(face.fileName, subsetFonts(face, usedText));
  // What the document's fonts lack comes from the bundled fallbacks, as web
  // fonts too: Chromium never draws with a font of the machine's.
  const fallback = await planFallbacks(faces, usedText, serifFile);
  if (wantPdf) assertDrawable(fallback, printHtml(EMPTY_STATE), markdown, shownFile);
  const extraInputs = (await fontInputs(fallbackFiles(fallback))).filter((i) => !plan.build.inputs.some((known) => known.path === i.path));
  // A fallback face holds only the characters it stands in for.
  for (const face of fallback.faces) if (!subsets.has(face.fileName)) subsets.set(face.fileName, subsetFonts(face, fallback.textOf.get(face.fileName) ?? usedText));
  trace('fonts: fallbacks planned');
  // Each subset is packed for Chromium as soon as it is made (in Node's thread
  // pool, while the subsetter makes the next): the print takes the packing
  // begun here (packForChromium keeps one per subset), not ~0.15 s of it
  // after the last subset.
  if (wantPdf) for (const subset of subsets.values()) subset.truetype.then(packForChromium).catch(() => undefined);
  const truetype = await Promise.all([...subsets].map(async ([name, subset]) => ({ name: truetypeName(name), bytes: await subset.truetype })));
  trace('fonts: subsets made');
  // Stacked roles (mono) lack the Chinese by design: their text is not suspect for it.
  const ownTruetype = new Set(faces.filter((face) => !STACKED_ON[face.role]).map((face) => truetypeName(face.fileName)));
  // The print's check of these subsets' coverage (mayNeedFallback) is asked
  // of the subsetter now: answered before a release stops the thread, not by
  // a new thread that must load harfbuzzjs again.
  if (wantPdf) for (const font of truetype) if (ownTruetype.has(font.name)) subsetCoverage(font.bytes).catch(() => undefined);
  return { faces: [...faces, ...fallback.faces], truetype, ownTruetype, subsets, extraInputs };
}

/** The layout's styles, fonts.css naming the fonts in the given format. */
export function styleAssets(layouts: EditionLayouts, fonts: EditionFonts, layout: string, format: 'woff' | 'truetype'): OutputFile[] {
  const fontsCss = fontFaceCss(fonts.faces.map((face) => ({ face, url: fontFile(face, format), format }))) + '\n';
  return [...layouts.styles, ['fonts.css', fontsCss] as const]
    .filter(([name]) => name === 'fonts.css' || SHARED_STYLES.includes(name) || name === `${layout}.css`)
    .map(([name, css]) => ({ role: 'asset' as const, path: `assets/${name}`, bytes: Buffer.from(css) }));
}

export function imageAssets(images: readonly DocumentAsset[]): OutputFile[] {
  return images.map((image) => ({ role: 'asset' as const, path: image.urlPath, bytes: image.bytes }));
}

/** The HTML output: index.html, its styles, WOFF fonts (packed here) and images; none without the HTML format. */
export async function webFiles(layouts: EditionLayouts, fonts: EditionFonts, images: readonly DocumentAsset[]): Promise<OutputFile[]> {
  if (layouts.webHtml === undefined) return [];
  const woff = await Promise.all([...fonts.subsets].map(async ([name, subset]) => ({ name, bytes: await subset.woff() })));
  return [
    { role: 'html', path: 'index.html', bytes: Buffer.from(layouts.webHtml) },
    ...styleAssets(layouts, fonts, WEB_LAYOUT, 'woff'),
    ...woff.map(({ name, bytes }): OutputFile => ({ role: 'asset', path: `assets/fonts/${name}`, bytes })),
    ...imageAssets(images),
  ];
}

/**
 * A character that no font has (neither the document's nor the bundled
 * fallbacks) is an error naming it and its source line: never a glyph from
 * whatever the machine has, never a Type 3 font.
 */
function assertDrawable(plan: FallbackPlan, html: string, markdown: string, shownFile: string): void {
  const drawn = plan.uncovered.filter((ch) => html.includes(ch));
  if (!drawn.length) return;
  const lines = markdown.split('\n');
  const line = lines.findIndex((l) => l.includes(drawn[0]!));
  const missing = FALLBACK_FONTS.filter((font) => !existsSync(font.file));
  const names = drawn.slice(0, 5).map((ch) => `${ch} (${codePoint(ch)})`).join(', ');
  throw new UserError(
    `no font has a glyph for ${names}${drawn.length > 5 ? ` and ${drawn.length - 5} more` : ''}: configure a font that has ${drawn.length > 1 ? 'them' : 'it'} under fonts: in the front matter or paiban.config.yaml` +
      (missing.length ? ` (the fallback fonts ${missing.map((f) => f.name).join(', ')} are not installed: ${[...new Set(missing.map((f) => f.install))].join(', ')})` : ''),
    { file: shownFile, line: line >= 0 ? line + 1 : undefined },
  );
}
