import { createRequire } from 'node:module';
import path from 'node:path';
import { readFile } from 'node:fs/promises';

/**
 * Typographic roles, not font names: layouts ask for 宋 (serif) or 黑 (sans),
 * and each role resolves to pinned, whole TrueType files from npm packages.
 * TrueType outlines embed as CID TrueType subsets with ToUnicode; the CFF
 * Noto CJK fonts Debian ships would become Type 3 (see DESIGN.md).
 */
export type FontRole = 'serif' | 'sans';

export interface FontFace {
  role: FontRole;
  /** CSS family name the styles use. */
  family: string;
  weight: 400 | 700;
  /** Absolute path of the .ttf file. */
  file: string;
  /** Stable file name used in URLs and output folders. */
  fileName: string;
}

export const FAMILY: Record<FontRole, string> = {
  serif: 'Paiban Serif',
  sans: 'Paiban Sans',
};

const require = createRequire(import.meta.url);

function packageFile(pkg: string, relative: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), relative);
}

export const FONT_FACES: readonly FontFace[] = [
  face('serif', 400, '@expo-google-fonts/noto-serif-sc', '400Regular/NotoSerifSC_400Regular.ttf'),
  face('serif', 700, '@expo-google-fonts/noto-serif-sc', '700Bold/NotoSerifSC_700Bold.ttf'),
  face('sans', 400, '@expo-google-fonts/noto-sans-sc', '400Regular/NotoSansSC_400Regular.ttf'),
  face('sans', 700, '@expo-google-fonts/noto-sans-sc', '700Bold/NotoSansSC_700Bold.ttf'),
];

function face(role: FontRole, weight: 400 | 700, pkg: string, relative: string): FontFace {
  return { role, family: FAMILY[role], weight, file: packageFile(pkg, relative), fileName: path.basename(relative) };
}

const cache = new Map<string, Promise<Buffer>>();

/** Font bytes, read once per process: a batch build reuses them. */
export function readFace(face: FontFace): Promise<Buffer> {
  let bytes = cache.get(face.file);
  if (!bytes) {
    bytes = readFile(face.file);
    cache.set(face.file, bytes);
  }
  return bytes;
}

/** `@font-face` rules for the given faces, each at `${urlPrefix}${name}`. */
export function fontFaceCss(faces: readonly { face: FontFace; url: string; format: 'truetype' | 'woff' | 'woff2' }[]): string {
  return faces
    .map(
      ({ face, url, format }) =>
        `@font-face { font-family: "${face.family}"; font-weight: ${face.weight}; font-style: normal; ` +
        `font-display: block; src: url("${url}") format("${format}"); }`,
    )
    .join('\n');
}
