import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { IMAGE_TYPES } from '../mime.ts';
import { readRegularFile } from '../files/read.ts';
import { replaceFile } from '../files/write.ts';
import { limitsFromEnv } from '../limits.ts';
import { sniffImage } from '../markdown/image-sniff.ts';
import { incompleteImage } from '../markdown/image-complete.ts';
import { displayPath } from '../paths.ts';
import { ALLOW_FOREIGN_FILES } from '../source/bounded.ts';
import type { ImportedImage } from './images.ts';

/**
 * The bytes of each imported image, checked as a build checks them: a
 * page's file is read only from inside the page's folder (a hostile page's
 * `../../.ssh/id_rsa.png` is not), bounded, and every image must be the type
 * its name says with a pixel size Chromium can decode. Returns, per image,
 * the bytes to write or why not.
 */
export async function loadImages(images: readonly ImportedImage[], pageDir: string): Promise<({ bytes: Buffer } | { reason: string })[]> {
  const limits = limitsFromEnv();
  const realPageDir = await realpath(pageDir);
  const out: ({ bytes: Buffer } | { reason: string })[] = [];
  for (const image of images) {
    try {
      const bytes = image.source.kind === 'bytes' ? image.source.bytes : image.source.kind === 'file' ? await readPageFile(image.source.src, realPageDir, limits.maxImageBytes) : undefined;
      if (!bytes) throw new UserError('has no file');
      if (bytes.length > limits.maxImageBytes) throw new UserError(`is larger than the image limit (PAIBAN_MAX_IMAGE_SIZE)`);
      const sniffed = sniffImage(bytes);
      if (!sniffed.ok) throw new UserError(sniffed.reason);
      if (IMAGE_TYPES[path.extname(image.name)] !== sniffed.header.type) throw new UserError(`is named as ${IMAGE_TYPES[path.extname(image.name)]} but its bytes are ${sniffed.header.type}`);
      const { width, height } = sniffed.header;
      if (width !== undefined && height !== undefined && width * height > limits.maxImagePixels) throw new UserError(`declares ${width} × ${height} pixels (limit PAIBAN_MAX_IMAGE_PIXELS)`);
      const incomplete = await incompleteImage(bytes, sniffed.header.type);
      if (incomplete) throw new UserError(`is truncated or corrupt: ${incomplete}`);
      out.push({ bytes });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      out.push({ reason: error.message });
    }
  }
  return out;
}

async function readPageFile(src: string, realPageDir: string, maxBytes: number): Promise<Buffer> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(src.split(/[?#]/)[0] ?? '');
  } catch {
    throw new UserError('is not a valid URL path');
  }
  if (decoded.includes('\u0000') || path.isAbsolute(decoded)) throw new UserError('is not a relative path');
  const absolute = path.resolve(realPageDir, decoded);
  const real = await realpath(absolute).catch(() => undefined);
  if (!real) throw new UserError(`not found (looked for ${displayPath(absolute)})`);
  if (!real.startsWith(realPageDir + path.sep)) throw new UserError("lies outside the page's folder");
  return readRegularFile(real, { shown: displayPath(real), maxBytes, limitHint: 'PAIBAN_MAX_IMAGE_SIZE', noFollow: true, ownFileOnly: { allowVariable: ALLOW_FOREIGN_FILES } });
}

/** Write the loaded images beside index.md, whole or not at all each. */
export async function writeImages(images: readonly ImportedImage[], loaded: readonly ({ bytes: Buffer } | { reason: string })[], docDir: string): Promise<void> {
  for (const [index, image] of images.entries()) {
    const result = loaded[index]!;
    if ('bytes' in result) await replaceFile(path.join(docDir, image.name), result.bytes, displayPath(path.join(docDir, image.name)));
  }
}
