import { constants } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { UserError } from '../errors.ts';
import { displayPath } from '../paths.ts';
import { printable } from '../terminal.ts';
import { readRegularFile } from '../files/read.ts';
import { formatSize } from '../limits.ts';
import { fontKind } from './cmap.ts';
import { FONT_ROLES, ROLE_LABEL, type FontRole, type RoleFiles } from './faces.ts';

/** A role's font: one file (regular; bold is synthesised), or regular and bold. */
const RoleFontSchema = z.union([
  z.string().trim().min(1),
  z.object({ regular: z.string().trim().min(1), bold: z.string().trim().min(1).optional() }).strict(),
]);

/** `fonts:` in paiban.config.yaml or in a document's front matter. */
export const FontsSchema = z
  .object(Object.fromEntries(FONT_ROLES.map((role) => [role, RoleFontSchema.optional()])) as Record<FontRole, z.ZodOptional<typeof RoleFontSchema>>)
  .strict();
export type FontsConfig = z.infer<typeof FontsSchema>;

export const ProjectConfigSchema = z
  .object({ fonts: FontsSchema.optional(), strict: z.boolean().optional(), chapterStart: z.enum(['right', 'page', 'continue']).optional() })
  .strict();

/** The project configuration file, looked for in the working directory (the project root). */
export const PROJECT_CONFIG = 'paiban.config.yaml';

/** A configuration names a few files: 1 MiB is far more than one needs. */
const MAX_CONFIG_BYTES = 1024 * 1024;
/**
 * The largest font file accepted. A whole CJK TrueType font is 15–40 MB
 * (Noto Serif SC 15 MB, HanaMinA 30 MB); a 1.5 GB sparse "font" otherwise
 * runs HarfBuzz out of wasm memory after a minute and a half.
 */
const MAX_FONT_BYTES = 256 * 1024 * 1024;

export interface ProjectConfig {
  file: string | undefined;
  fonts: Partial<Record<FontRole, RoleFiles>>;
  /** `strict: true`: every build fails on any warning, as with `build --strict`. */
  strict: boolean;
  /** The project's default for a document's `chapterStart`. */
  chapterStart?: 'right' | 'page' | 'continue' | undefined;
}

/**
 * Read `paiban.config.yaml` if there is one. Its font paths are relative to
 * the file and may point anywhere (the project's own choice, e.g. a font
 * installed under /usr/share/fonts); each must be a TrueType-outline font.
 */
export async function loadProjectConfig(root = process.cwd(), { otherKeys = [] }: { otherKeys?: readonly string[] } = {}): Promise<ProjectConfig> {
  const file = path.join(root, PROJECT_CONFIG);
  // Non-blocking, regular file, bounded: a FIFO or /dev/zero here cannot hang the build.
  const text = await readRegularFile(file, { shown: displayPath(file), maxBytes: MAX_CONFIG_BYTES }).then(
    (bytes) => bytes.toString('utf8'),
    (error: unknown) => {
      if (error instanceof UserError && error.message === 'no such file') return undefined;
      throw error;
    },
  );
  if (text === undefined) return { file: undefined, fonts: {}, strict: false };
  const shown = displayPath(file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, schema: 'core', customTags: [], strict: true, uniqueKeys: true, prettyErrors: false });
  const problem = doc.errors[0];
  if (problem) throw new UserError(`invalid YAML: ${problem.message.split('\n')[0]}`, { file: shown, line: lineCounter.linePos(problem.pos[0]).line });
  // Keys validated elsewhere (document defaults, themes, plugins: src/project) are not this schema's.
  const raw: unknown = doc.toJS({ maxAliasCount: 50 }) ?? {};
  const own = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? Object.fromEntries(Object.entries(raw).filter(([key]) => !otherKeys.includes(key))) : raw;
  const result = ProjectConfigSchema.safeParse(own);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    // An unknown key: the line of its value (the key's own line for a scalar).
    const nodePath = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
    const node = nodePath.length ? (doc.getIn(nodePath as (string | number)[], true) as { range?: [number, number, number] } | undefined) : undefined;
    const line = node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
    const where = issue.path.join('.');
    throw new UserError(`${where ? `${where}: ` : ''}${issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')} (${where ? `roles: ${FONT_ROLES.join(', ')}` : `fields: ${['fonts', 'strict', 'chapterStart', ...otherKeys].join(', ')}`})` : issue.message}`, { file: shown, line });
  }
  const lineOf = (role: FontRole): number | undefined => {
    const node = doc.getIn(['fonts', role], true) as { range?: [number, number, number] } | undefined;
    return node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  };
  const fonts: ProjectConfig['fonts'] = {};
  for (const role of FONT_ROLES) {
    const entry = result.data.fonts?.[role];
    if (entry) fonts[role] = await resolveRoleFiles(entry, role, path.dirname(file), { file: shown, line: lineOf(role) }, undefined);
  }
  return { file, fonts, strict: result.data.strict === true, chapterStart: result.data.chapterStart };
}

/**
 * A document's own `fonts:` (front matter). A source may come from anywhere,
 * so its font files must lie inside its folder, as its images do.
 */
export async function documentFonts(fonts: FontsConfig | undefined, docDir: string, where: { file: string; line?: number | undefined }): Promise<Partial<Record<FontRole, RoleFiles>>> {
  const out: Partial<Record<FontRole, RoleFiles>> = {};
  if (!fonts) return out;
  const realDir = await realpath(docDir);
  for (const role of FONT_ROLES) {
    const entry = fonts[role];
    if (entry) out[role] = await resolveRoleFiles(entry, role, realDir, where, realDir);
  }
  return out;
}

async function resolveRoleFiles(
  entry: z.infer<typeof RoleFontSchema>,
  role: FontRole,
  baseDir: string,
  where: { file: string; line?: number | undefined },
  confineTo: string | undefined,
): Promise<RoleFiles> {
  const files = typeof entry === 'string' ? { regular: entry } : entry;
  return {
    regular: await checkFontFile(files.regular, role, baseDir, where, confineTo),
    bold: files.bold === undefined ? undefined : await checkFontFile(files.bold, role, baseDir, where, confineTo),
  };
}

async function checkFontFile(
  given: string,
  role: FontRole,
  baseDir: string,
  where: { file: string; line?: number | undefined },
  confineTo: string | undefined,
): Promise<string> {
  const label = `font for ${ROLE_LABEL[role]} "${given}"`;
  if (confineTo && (path.isAbsolute(given) || /^[a-z][a-z0-9+.-]*:/i.test(given))) {
    throw new UserError(`${label}: a document's fonts must be files inside its folder, given by a relative path (or configure the font in ${PROJECT_CONFIG})`, where);
  }
  const absolute = path.resolve(baseDir, given);
  const real = await realpath(absolute).catch(() => undefined);
  if (!real) throw new UserError(`${label} not found (looked for ${displayPath(absolute)})`, where);
  if (confineTo) {
    const rel = path.relative(confineTo, real);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) throw new UserError(`${label} points outside the document folder`, where);
  }
  const { head, problem } = await readHead(real, label, where);
  switch (fontKind(head)) {
    case 'truetype':
      if (problem) throw new UserError(`${label} is not a usable TrueType font: ${problem}`, where);
      return real;
    case 'cff':
      throw new UserError(`${label} has CFF (PostScript) outlines, which Chromium embeds in a PDF as Type 3 fonts that print shops reject; use a TrueType (.ttf) version`, where);
    case 'collection':
      throw new UserError(`${label} is a font collection (.ttc); extract the one font you want into a .ttf`, where);
    case 'woff':
      throw new UserError(`${label} is a web font (WOFF); give the .ttf it was made from`, where);
    default:
      throw new UserError(`${label} is not a TrueType font file`, where);
  }
}

/**
 * The first bytes of a font file, which must be a regular file within the
 * size limit, and what is wrong with its table directory, if anything:
 * opened non-blocking, since opening a FIFO for reading would otherwise wait
 * for a writer forever (and `--timeout` does not cover it).
 */
async function readHead(file: string, label: string, where: { file: string; line?: number | undefined }): Promise<{ head: Buffer; problem: string | undefined }> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK).catch(() => undefined);
  if (!handle) throw new UserError(`${label} cannot be read`, where);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new UserError(`${label} is not a regular file (a folder, FIFO, socket or device)`, where);
    if (info.size > MAX_FONT_BYTES) throw new UserError(`${label} is ${formatSize(info.size)}; a font file may be at most ${formatSize(MAX_FONT_BYTES)}`, where);
    const buffer = Buffer.alloc(12);
    const { bytesRead } = await handle.read(buffer, 0, 12, 0);
    const head = buffer.subarray(0, bytesRead);
    return { head, problem: fontKind(head) === 'truetype' ? await sfntProblem(handle, info.size) : undefined };
  } finally {
    await handle.close();
  }
}

/** Tables a TrueType-outline font needs to be subset and embedded (OpenType spec, "Required tables" and "TrueType outlines"). */
const REQUIRED_TABLES = ['cmap', 'glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp'];
/** `head.magicNumber`, at offset 12 of the table. */
const HEAD_MAGIC = 0x5f0f3cf5;

/**
 * What makes an sfnt's table directory unusable (cut short, a table past the
 * end, a required table missing, a damaged `head`), or undefined: a damaged
 * .ttf is the user's error here, not HarfBuzz's "hb_subset_or_fail failed"
 * later. Reads the directory only, never the whole font.
 */
async function sfntProblem(handle: FileHandle, size: number): Promise<string | undefined> {
  const read = async (at: number, length: number) => {
    const bytes = Buffer.alloc(length);
    const { bytesRead } = await handle.read(bytes, 0, length, at);
    return bytesRead === length ? bytes : undefined;
  };
  const count = (await read(4, 2))?.readUInt16BE(0) ?? 0;
  const directory = count ? await read(12, 16 * count) : undefined;
  if (!directory) return 'its table directory is empty or cut short';
  const tables = new Map<string, { offset: number; length: number }>();
  for (let at = 0; at < directory.length; at += 16) {
    const tag = directory.toString('latin1', at, at + 4);
    const offset = directory.readUInt32BE(at + 8);
    const length = directory.readUInt32BE(at + 12);
    if (offset + length > size) return `its "${printable(tag)}" table runs past the end of the file (damaged or cut short)`;
    tables.set(tag, { offset, length });
  }
  const missing = REQUIRED_TABLES.find((tag) => !tables.has(tag));
  if (missing) return `it has no "${missing}" table`;
  const head = tables.get('head')!;
  const magic = head.length >= 16 ? (await read(head.offset + 12, 4))?.readUInt32BE(0) : undefined;
  if (magic !== HEAD_MAGIC) return 'its "head" table is damaged';
  return undefined;
}
