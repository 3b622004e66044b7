import { execFile } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { FONT_FACES } from '../fonts/faces.ts';
import { packageRoot, stylesDir, templatesDir } from '../paths.ts';
import { sha256 } from '../files/hash.ts';
import { fontHash, remembered } from '../incremental/file-cache.ts';

export type InputRole = 'source' | 'image' | 'template' | 'style' | 'font' | 'config' | 'plugin';

/** One file an output depends on, by a path that means the same on any machine. */
export interface InputRecord {
  role: InputRole;
  path: string;
  sha256: string;
}

/** The project's templates and styles: every file, since layouts share partials and CSS. */
async function projectFiles(dir: string, role: InputRole): Promise<InputRecord[]> {
  const records: InputRecord[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    records.push({ role, path: path.relative(packageRoot, full).split(path.sep).join('/'), sha256: sha256(await readFile(full)) });
  }
  return records.sort((a, b) => (a.path < b.path ? -1 : 1));
}

export interface DocumentInputs {
  sourcePath: string;
  sourceBytes: Buffer;
  images: readonly { urlPath: string; bytes: Buffer }[];
  /** The font files the document's roles resolved to (default: the built-in ones). */
  fontFiles?: readonly string[];
  /** The project's configuration, layout, style and plugin files (src/project/load.ts), already hashed. */
  project?: readonly InputRecord[];
}

/** Every input of a document's build, with its hash, in a stable order. */
export async function collectInputs(doc: DocumentInputs): Promise<InputRecord[]> {
  const fonts = await fontInputs(doc.fontFiles ?? [...new Set(FONT_FACES.map((face) => face.file))]);
  return [
    { role: 'source', path: doc.sourcePath, sha256: sha256(doc.sourceBytes) },
    ...doc.images.map((image) => ({ role: 'image' as const, path: image.urlPath, sha256: sha256(image.bytes) })),
    ...(await projectFiles(templatesDir, 'template')),
    ...(await projectFiles(stylesDir, 'style')),
    ...fonts,
    ...(doc.project ?? []),
  ];
}

/** The records of these font files alone (their hashes remembered across runs: file-cache.ts). */
export function fontInputs(files: readonly string[]): Promise<InputRecord[]> {
  return Promise.all(
    files.map(async (file) => ({
      role: 'font' as const,
      // A package font by its path inside node_modules; a configured one as given.
      // (Whether paiban's own node_modules holds it or, installed, the project's.)
      path: /(^|[\\/])node_modules[\\/]/.test(file) ? file.split(/[\\/]node_modules[\\/]/).pop()!.split(path.sep).join('/') : fontPath(file),
      sha256: await fontHash(file),
    })),
  );
}

/** A configured font file: relative to the working directory when inside it. */
function fontPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file).split(path.sep).join('/');
}

const run = promisify(execFile);
/**
 * `156.0.8078.108` from `chromium --version`, without starting a browser (for
 * skipping unchanged builds). Remembered across runs while the executable is
 * the same file (path, size, mtime: src/incremental/file-cache.ts), which an
 * upgrade of the package replaces.
 */
export function installedChromiumVersion(executable: string): Promise<string | undefined> {
  return remembered('chromium-version', executable, () =>
    run(executable, ['--version'], { timeout: 10_000 })
      .then(({ stdout }) => /(\d+\.\d+\.\d+\.\d+)/.exec(stdout)?.[1])
      .catch(() => undefined),
  ).catch(() => undefined);
}

/** Does the file exist with this size? Cheap check before trusting a manifest. */
export async function fileMatches(file: string, bytes: number): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  return info?.isFile() === true && info.size === bytes;
}
