import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { throwCollected, UserError } from '../errors.ts';
import { IMAGE_TYPES } from '../mime.ts';
import { displayPath } from '../paths.ts';
import { readRegularFile } from '../files/read.ts';
import { limitsFromEnv } from '../limits.ts';
import { ALLOW_FOREIGN_FILES } from '../source/bounded.ts';
import { sniffImage } from './image-sniff.ts';
import { incompleteImage } from './image-complete.ts';

/** The image title that marks an image as decorative: empty alt, hidden from assistive technology. */
export const DECORATIVE = 'decorative';

/** An image the document references, read from inside its folder. */
export interface DocumentAsset {
  /** The URL path the HTML uses, relative to the document folder, e.g. `images/map.png`. */
  urlPath: string;
  bytes: Buffer;
}

/**
 * Resolve every image reference against the document folder and read it.
 * A remote, absolute or escaping reference, or a missing file, is an error
 * with the Markdown line: the renderer only ever sees the document's own files.
 * All of them are reported at once (UserErrors).
 */
export async function collectImages(tree: Root, docDir: string, shownFile: string): Promise<DocumentAsset[]> {
  const { assets, problems } = await findImages(tree, docDir, shownFile);
  throwCollected(problems);
  return assets;
}

/** collectImages without throwing: the images that passed, and a problem for each one that did not (missing alt text too). */
export async function findImages(tree: Root, docDir: string, shownFile: string): Promise<{ assets: DocumentAsset[]; problems: UserError[] }> {
  const problems: UserError[] = [];
  const refs: { url: string; line: number | undefined }[] = [];
  // `![alt][ref]` with `[ref]: path` is an image too: resolve it the same way.
  const definitions = new Map<string, string>();
  visit(tree, 'definition', (node) => {
    const id = node.identifier.toLowerCase();
    if (!definitions.has(id)) definitions.set(id, node.url);
  });
  visit(tree, (node) => {
    if (node.type !== 'image' && node.type !== 'imageReference') return;
    const line = node.position?.start.line;
    const url = node.type === 'image' ? node.url : definitions.get(node.identifier.toLowerCase());
    if (url === undefined) return;
    // Every image says what it shows, unless the author says it shows nothing.
    const title = node.type === 'image' ? node.title : undefined;
    if (!node.alt?.trim() && title !== DECORATIVE) {
      problems.push(new UserError(`image "${url}" has no alt text: describe it (![海曙区位图](…)), or mark it decorative (![](${url} "${DECORATIVE}"))`, { file: shownFile, line }));
    }
    refs.push({ url, line });
  });
  const realDir = await realpath(docDir);
  const limits = limitsFromEnv();
  const assets = new Map<string, DocumentAsset>();
  for (const { url, line } of refs) {
    const where = { file: shownFile, line };
    try {
      const urlPath = toRelativeUrlPath(url, where);
      if (assets.has(urlPath)) continue;
      if (!IMAGE_TYPES[path.extname(urlPath).toLowerCase()]) throw new UserError(`image "${url}" is not a supported type (${Object.keys(IMAGE_TYPES).join(' ')})`, where);
      const absolute = path.join(realDir, ...urlPath.split('/'));
      const real = await realpath(absolute).catch(() => undefined);
      if (!real) throw new UserError(`image "${url}" not found (looked for ${displayPath(absolute)})`, where);
      if (!isInside(realDir, real)) throw new UserError(`image "${url}" points outside the document folder`, where);
      assets.set(urlPath, { urlPath, bytes: await readImage(real, urlPath, url, where, limits) });
    } catch (error) {
      // Each bad reference is reported; the others are still checked.
      if (!(error instanceof UserError)) throw error;
      problems.push(error);
    }
  }
  return { assets: [...assets.values()], problems };
}

/**
 * An image's bytes, checked for what they are: a regular file (a FIFO, a
 * folder or a device is refused without waiting on it), not a hard link
 * or another user's file (either may be a secret from outside the folder),
 * within the size limit, and an image of the type its name says whose
 * declared pixel size Chromium can decode.
 */
async function readImage(real: string, urlPath: string, url: string, where: { file: string; line: number | undefined }, limits: { maxImageBytes: number; maxImagePixels: number }): Promise<Buffer> {
  const shown = displayPath(real);
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(real, { shown, maxBytes: limits.maxImageBytes, limitHint: 'PAIBAN_MAX_IMAGE_SIZE', noFollow: true, ownFileOnly: { allowVariable: ALLOW_FOREIGN_FILES } });
  } catch (error) {
    // Reported at the Markdown line that uses it, naming the file.
    if (error instanceof UserError) throw new UserError(`image "${url}" ${error.message}`, where);
    throw error;
  }
  const sniffed = sniffImage(bytes);
  if (!sniffed.ok) throw new UserError(`image "${url}" ${sniffed.reason}`, where);
  // The type it is served as comes from the name the Markdown uses.
  const declared = IMAGE_TYPES[path.extname(urlPath).toLowerCase()];
  if (declared !== sniffed.header.type) {
    throw new UserError(`image "${url}" is named as ${declared} but its bytes are ${sniffed.header.type}; give it the right extension`, where);
  }
  const { width, height } = sniffed.header;
  if (width !== undefined && height !== undefined && width * height > limits.maxImagePixels) {
    throw new UserError(
      `image "${url}" declares ${width} × ${height} pixels; the limit is ${limits.maxImagePixels.toLocaleString('en-US')} (raise it with PAIBAN_MAX_IMAGE_PIXELS)`,
      where,
    );
  }
  // Last: a header that declares a bomb is refused by its size before any pixel data is inflated.
  const incomplete = await incompleteImage(bytes, sniffed.header.type);
  if (incomplete) throw new UserError(`image "${url}" is truncated or corrupt: ${incomplete}`, where);
  return bytes;
}

function toRelativeUrlPath(url: string, where: { file: string; line: number | undefined }): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) {
    throw new UserError(`image "${url}" is not a file in the document folder; remote and file: URLs are not fetched`, where);
  }
  if (url.includes('\u0000')) throw new UserError('image reference contains a NUL character', where);
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.split(/[?#]/)[0] ?? '');
  } catch {
    throw new UserError(`image "${url}" is not a valid URL path`, where);
  }
  if (decoded.includes('\u0000')) throw new UserError('image reference contains a NUL character', where);
  if (decoded.startsWith('/') || path.isAbsolute(decoded)) {
    throw new UserError(`image "${url}" is an absolute path; use a path relative to the document folder`, where);
  }
  const normal = path.posix.normalize(decoded.replace(/\\/g, '/'));
  if (normal === '..' || normal.startsWith('../') || normal === '.') {
    throw new UserError(`image "${url}" points outside the document folder`, where);
  }
  return normal;
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
