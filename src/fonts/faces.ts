import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Typographic roles, not font names: layouts ask for 宋 (serif), 黑 (sans),
 * 楷 (kai) or 仿宋 (fangsong), and each role resolves to pinned, whole
 * TrueType files. TrueType outlines embed as CID TrueType subsets with
 * ToUnicode; CFF fonts (most .otf, Debian's Noto CJK) would become Type 3
 * (see DESIGN.md).
 */
export const FONT_ROLES = ['serif', 'sans', 'kai', 'fangsong', 'title', 'mono'] as const;
export type FontRole = (typeof FONT_ROLES)[number];
export type FontWeight = 400 | 700;

export interface FontFace {
  role: FontRole;
  /** CSS family name the styles use. */
  family: string;
  weight: FontWeight;
  /** Absolute path of the .ttf file. */
  file: string;
  /** Stable file name used in URLs and output folders (the subset is WOFF). */
  fileName: string;
  /** A fallback face: only these characters (CSS unicode-range), which the role's own font lacks. */
  unicodeRange?: string;
}

/** The CSS family of each role: styles name roles, never fonts. */
export const FAMILY: Record<FontRole, string> = {
  serif: 'Paiban Serif',
  sans: 'Paiban Sans',
  kai: 'Paiban Kai',
  fangsong: 'Paiban FangSong',
  title: 'Paiban Title',
  mono: 'Paiban Mono',
};

/** How a role is called in messages. */
export const ROLE_LABEL: Record<FontRole, string> = {
  serif: '宋 (serif)',
  sans: '黑 (sans)',
  kai: '楷 (kai)',
  fangsong: '仿宋 (fangsong)',
  title: '小标宋 (title)',
  mono: '等宽 (mono)',
};

/**
 * Roles whose CSS stacks another role's family after their own: code is set
 * `font-family: "Paiban Mono", "Paiban Sans"`, so the Latin monospace draws
 * the code and 黑体 the Chinese in it (see styles/cjk.css).
 */
export const STACKED_ON: Partial<Record<FontRole, FontRole>> = { mono: 'sans' };

/**
 * The role whose files stand in when a role has no font of its own.
 * No package on npm ships 楷 as whole TrueType files (LXGW WenKai packages
 * ship only unicode-range slices, which break punctuation compression): 楷
 * is Debian's fonts-arphic-gkai00mp when installed (scripts/setup.sh does),
 * else 宋. 仿宋 fonts are commercial: 宋 unless configured.
 */
export const FALLBACK_ROLE: Partial<Record<FontRole, FontRole>> = {
  kai: 'serif',
  fangsong: 'serif',
  // 小标宋 (公文 titles and the 发文机关标志) is commercial too.
  title: 'serif',
};

/**
 * Roles drawn at one weight whose stand-in is the fallback role's bold:
 * 小标宋 is a heavy 宋, closer to 宋 bold than to 宋 regular.
 */
const FALLBACK_BOLD: ReadonlySet<FontRole> = new Set(['title']);

const require = createRequire(import.meta.url);

function packageFile(pkg: string, relative: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), relative);
}

/** A role's files: regular, and bold when the font has one (else the browser emboldens). */
export interface RoleFiles {
  regular: string;
  bold?: string | undefined;
}

/** Where Debian's fonts-arphic-gkai00mp puts its file. */
export const DEBIAN_KAI = '/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf';

/** The files the project ships with: whole static TTFs from @expo-google-fonts. */
export const BUILTIN_FILES: Partial<Record<FontRole, RoleFiles>> = {
  serif: {
    regular: packageFile('@expo-google-fonts/noto-serif-sc', '400Regular/NotoSerifSC_400Regular.ttf'),
    bold: packageFile('@expo-google-fonts/noto-serif-sc', '700Bold/NotoSerifSC_700Bold.ttf'),
  },
  sans: {
    regular: packageFile('@expo-google-fonts/noto-sans-sc', '400Regular/NotoSansSC_400Regular.ttf'),
    bold: packageFile('@expo-google-fonts/noto-sans-sc', '700Bold/NotoSansSC_700Bold.ttf'),
  },
  // DejaVu Sans Mono, pinned from npm (dejavu-fonts-ttf): TrueType, Latin, Greek, Cyrillic, box drawing.
  mono: {
    regular: packageFile('dejavu-fonts-ttf', 'ttf/DejaVuSansMono.ttf'),
    bold: packageFile('dejavu-fonts-ttf', 'ttf/DejaVuSansMono-Bold.ttf'),
  },
  // AR PL KaitiM GB (文鼎中楷, Arphic Public License): TrueType, GB 2312; what
  // it lacks is drawn by the document's 宋 (see fallback.ts).
  ...(existsSync(DEBIAN_KAI) ? { kai: { regular: DEBIAN_KAI } } : {}),
};

export interface ResolvedFonts {
  faces: FontFace[];
  /** Roles that had no font and borrowed another role's files. */
  fallbacks: { role: FontRole; usedRole: FontRole }[];
}

/**
 * Each role → faces. `configured` overrides the built-in files per role;
 * a role with neither borrows its fallback role's files.
 */
export function resolveFaces(configured: Partial<Record<FontRole, RoleFiles>> = {}): ResolvedFonts {
  const faces: FontFace[] = [];
  const fallbacks: ResolvedFonts['fallbacks'] = [];
  const names = new Map<string, string>();
  const nameFor = (file: string): string => {
    let name = names.get(file);
    if (!name) {
      const base = path.basename(file).replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]/g, '_') || 'font';
      name = `${base}.woff`;
      for (let i = 2; [...names.values()].includes(name); i++) name = `${base}-${i}.woff`;
      names.set(file, name);
    }
    return name;
  };
  const filesOf = (role: FontRole): RoleFiles | undefined => configured[role] ?? BUILTIN_FILES[role];
  for (const role of FONT_ROLES) {
    let files = filesOf(role);
    if (!files) {
      const usedRole = FALLBACK_ROLE[role] ?? 'serif';
      fallbacks.push({ role, usedRole });
      files = filesOf(usedRole)!;
      if (FALLBACK_BOLD.has(role)) files = { regular: files.bold ?? files.regular };
    }
    faces.push({ role, family: FAMILY[role], weight: 400, file: files.regular, fileName: nameFor(files.regular) });
    if (files.bold) faces.push({ role, family: FAMILY[role], weight: 700, file: files.bold, fileName: nameFor(files.bold) });
  }
  return { faces, fallbacks };
}

/** The built-in resolution, with no configuration. */
export const FONT_FACES: readonly FontFace[] = resolveFaces().faces;

/** `@font-face` rules for the given faces, each at its URL. */
export function fontFaceCss(faces: readonly { face: FontFace; url: string; format: 'truetype' | 'woff' | 'woff2' }[]): string {
  return faces
    .map(
      ({ face, url, format }) =>
        `@font-face { font-family: "${face.family}"; font-weight: ${face.weight}; font-style: normal; ` +
        `font-display: block; src: url("${url}") format("${format}"); ` +
        (face.unicodeRange ? `unicode-range: ${face.unicodeRange}; ` : '') +
        // One ideographic em box for every role (0.88 above the baseline,
        // 0.12 below): 黑体 headings and 宋/仿宋 body share baselines on a grid.
        `ascent-override: 88%; descent-override: 12%; line-gap-override: 0%; }`,
    )
    .join('\n');
}
