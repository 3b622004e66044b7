import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileCoverage } from './cmap.ts';
import { STACKED_ON, type FontFace } from './faces.ts';

/**
 * The fonts that draw what a document's own fonts lack, the same on every
 * machine. Chromium would otherwise take such glyphs from whatever fontconfig
 * finds (Debian's Noto CJK is CFF: embedded as Type 3, and the PDF differs
 * from one machine to the next). All are TrueType outlines, so they embed as
 * CID TrueType subsets:
 * - DejaVu Sans, pinned from npm: symbols and arrows (the footnote ↩, ∯, •);
 * - HanaMin A and B (Debian's fonts-hanazono, installed by scripts/setup.sh):
 *   CJK Extension A–F, the 生僻字 no GB font covers (𠀾).
 */
export interface FallbackFont {
  /** Shown in messages; also the font's own family name, which Chromium reports. */
  name: string;
  file: string;
  /** How to get it when it is missing. */
  install: string;
}

const require = createRequire(import.meta.url);
const dejavuDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/** DejaVu Sans: also the one font Chromium's own fontconfig lists (see fontconfig.ts). */
export const SYMBOL_FALLBACK: FallbackFont = { name: 'DejaVu Sans', file: path.join(dejavuDir, 'DejaVuSans.ttf'), install: 'npm ci' };

/** Where Debian's fonts-hanazono puts its files. */
const HANAZONO = '/usr/share/fonts/truetype/hanazono';

/** In the order they are tried after the document's own fonts. */
export const FALLBACK_FONTS: readonly FallbackFont[] = [
  SYMBOL_FALLBACK,
  { name: 'HanaMinA', file: path.join(HANAZONO, 'HanaMinA.ttf'), install: 'apt-get install fonts-hanazono' },
  { name: 'HanaMinB', file: path.join(HANAZONO, 'HanaMinB.ttf'), install: 'apt-get install fonts-hanazono' },
];

/** The bundled fallbacks present on this machine. */
export function installedFallbacks(): FallbackFont[] {
  return FALLBACK_FONTS.filter((font) => existsSync(font.file));
}

/**
 * Characters Chromium draws that are not in the text: the 着重号 dot
 * (`text-emphasis: filled dot` draws U+2022 •; `open dot` U+25E6 ◦).
 */
export const DRAWN_MARKS = '•◦';

/** Characters that are never drawn: controls, format characters, spaces, variation selectors. */
const NOT_DRAWN = /[\p{Cc}\p{Cf}\p{Z}\p{Variation_Selector}]/u;

const coverage = new Map<string, Promise<(cp: number) => boolean>>();

/** Which characters a font file has (its cmap), read once per process. */
export function coverageOf(file: string): Promise<(cp: number) => boolean> {
  let has = coverage.get(file);
  if (!has) {
    has = fileCoverage(file);
    has.catch(() => coverage.delete(file));
    coverage.set(file, has);
  }
  return has;
}

export interface FallbackPlan {
  /**
   * Extra @font-face rules: for each role face, the characters it lacks, in
   * the first font that has them (the document's 宋, then the bundled
   * fallbacks), limited by unicode-range to exactly those characters. Chromium
   * then never needs a system font.
   */
  faces: FontFace[];
  /** The characters each extra font file must hold (its subset's text), by file name. */
  textOf: Map<string, string>;
  /** Characters of the text that no font has at all. */
  uncovered: string[];
}

/**
 * Plan the fallbacks for `text` (everything the document may draw) over the
 * role faces. `serifFile`: the document's 宋, tried first for the other
 * roles (a 宋 glyph in a 楷 line reads better than a Japanese 明朝 one).
 */
export async function planFallbacks(faces: readonly FontFace[], text: string, serifFile: string | undefined): Promise<FallbackPlan> {
  const chars = [...new Set(text + DRAWN_MARKS)].filter((ch) => !NOT_DRAWN.test(ch));
  const fallbacks = installedFallbacks();
  const candidates = await Promise.all(
    [...(serifFile ? [{ name: '', file: serifFile }] : []), ...fallbacks].map(async (font) => ({ ...font, has: await coverageOf(font.file) })),
  );
  const plan: FallbackPlan = { faces: [], textOf: new Map(), uncovered: [] };
  const uncovered = new Set<string>();
  const names = new Set(faces.map((face) => face.fileName));
  const fileNames = new Map<string, string>();
  // A role face's own file (the 宋 standing in for 楷) keeps its subset, which holds all the text already.
  for (const face of faces) fileNames.set(face.file, face.fileName);
  const fileNameOf = (file: string): string => {
    let name = fileNames.get(file);
    if (!name) {
      const base = `fallback-${path.basename(file).replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]/g, '_')}`;
      name = `${base}.woff`;
      for (let i = 2; names.has(name); i++) name = `${base}-${i}.woff`;
      names.add(name);
      fileNames.set(file, name);
    }
    return name;
  };
  for (const face of faces) {
    const own = await coverageOf(face.file);
    // A role stacked on another (mono on sans) needs nothing for what the other has.
    const under = STACKED_ON[face.role];
    const underFile = under && faces.find((f) => f.role === under && f.weight === face.weight)?.file;
    const underHas = underFile ? await coverageOf(underFile) : () => false;
    const has = (cp: number) => own(cp) || underHas(cp);
    const byFile = new Map<string, string[]>();
    for (const ch of chars) {
      const cp = ch.codePointAt(0)!;
      if (has(cp)) continue;
      const font = candidates.find((c) => c.file !== face.file && c.has(cp));
      if (!font) {
        uncovered.add(ch);
        continue;
      }
      byFile.set(font.file, [...(byFile.get(font.file) ?? []), ch]);
    }
    for (const [file, list] of byFile) {
      const fileName = fileNameOf(file);
      plan.faces.push({ role: face.role, family: face.family, weight: face.weight, file, fileName, unicodeRange: unicodeRange(list) });
      if (!faces.some((f) => f.file === file)) plan.textOf.set(fileName, [...new Set((plan.textOf.get(fileName) ?? '') + list.join(''))].join(''));
    }
  }
  plan.uncovered = [...uncovered];
  return plan;
}

/** `U+4E00,U+2003E`: the CSS unicode-range of exactly these characters. */
function unicodeRange(chars: readonly string[]): string {
  return [...new Set(chars.map((ch) => ch.codePointAt(0)!))]
    .sort((a, b) => a - b)
    .map((cp) => `U+${cp.toString(16).toUpperCase()}`)
    .join(',');
}

/** `U+2003E`: how messages name a character. */
export function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
