import path from 'node:path';
import { IMAGE_TYPES } from '../mime.ts';
import type { PageImage } from './html.ts';
import type { RawTokens } from './raw-tokens.ts';

/** An image the imported document shows, to be written beside index.md as `name`. */
export interface ImportedImage {
  name: string;
  alt: string;
  /** Where it came from, for the report: the page's `src`, or `the Word file`. */
  from: string;
  /** The page's reference to resolve against the page's folder, or the bytes a Word file holds. */
  source: { kind: 'file'; src: string } | { kind: 'bytes'; bytes: Buffer } | { kind: 'none' };
  /** The Markdown written for it, and what replaces it when the file cannot be copied. */
  markdown: string;
  placeholderText: string;
  warning?: string;
}

const EXTENSION_OF_TYPE: Readonly<Record<string, string>> = { 'image/png': '.png', 'image/jpeg': '.jpg', 'image/gif': '.gif', 'image/webp': '.webp', 'image/svg+xml': '.svg', 'image/avif': '.avif' };

/**
 * Name every image `image-N.ext` in document order (a page's own file names
 * may be anything: `%E5%9B%BE.JPG`, `../x.png`, 200 characters) and write
 * its Markdown into its placeholder. An image without alt text gets `图N`
 * and a warning; one that cannot be a local file (a remote URL, a data: URI)
 * gets a visible placeholder instead.
 */
export function planImages(images: readonly PageImage[], tokens: RawTokens, bytesBySrc?: ReadonlyMap<string, { bytes: Buffer; contentType: string }>): ImportedImage[] {
  return images.map((image, index) => {
    const n = index + 1;
    const alt = image.alt || `图${n}`;
    const embedded = bytesBySrc?.get(image.src);
    const local = !embedded && isLocalReference(image.src);
    const extension = embedded ? EXTENSION_OF_TYPE[embedded.contentType] : local ? localExtension(image.src) : undefined;
    const name = `image-${n}${extension ?? ''}`;
    const markdown = `![${escapeAlt(alt)}](${name})`;
    const placeholderText = `〔图片未导入：${escapeAlt(alt)}〕`;
    const warnings: string[] = [];
    if (!image.alt) warnings.push(`image ${n} (${shortSource(image.src)}) has no alt text; wrote “${alt}” — describe what it shows`);
    let source: ImportedImage['source'] = { kind: 'none' };
    if (embedded && extension) source = { kind: 'bytes', bytes: embedded.bytes };
    else if (local && extension) source = { kind: 'file', src: image.src };
    else warnings.push(`image ${n} (${shortSource(image.src)}) is not a local PNG, JPEG, GIF, WebP, SVG or AVIF file; wrote the placeholder ${placeholderText}`);
    tokens.set(image.placeholder, source.kind === 'none' ? placeholderText : markdown);
    return { name, alt, from: embedded ? 'the Word file' : image.src, source, markdown, placeholderText, ...(warnings.length ? { warning: warnings.join('; ') } : {}) };
  });
}

/** A relative path (`page_files/a.png`), not a URL of any scheme, not absolute. */
function isLocalReference(src: string): boolean {
  return src !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(src) && !src.startsWith('//') && !src.startsWith('/') && !src.includes('\\');
}

function localExtension(src: string): string | undefined {
  const extension = path.posix.extname(src.split(/[?#]/)[0] ?? '').toLowerCase();
  return IMAGE_TYPES[extension] ? (extension === '.jpeg' ? '.jpg' : extension) : undefined;
}

function escapeAlt(alt: string): string {
  return alt.replace(/[\\[\]<>`*_]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
}

function shortSource(src: string): string {
  if (src.startsWith('data:')) return 'a data: URI';
  const chars = Array.from(src);
  return chars.length > 60 ? `${chars.slice(0, 60).join('')}…` : src || 'no src';
}
