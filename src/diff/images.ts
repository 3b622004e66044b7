import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { UserError } from '../errors.ts';
import { makeTempDir } from '../files/temp.ts';

const run = promisify(execFile);

/**
 * The longest side of a page image, in pixels. At 60 dpi an A3 page is
 * 992 px; a 14,400 pt page (the largest PDF allows) would be 12,000 px
 * square, 576 MB of pixels before the comparison doubles it.
 */
export const MAX_PAGE_PIXELS = 2400;
/** Time for pdftoppm to paint one page; a hostile page can otherwise paint for minutes. */
const RENDER_TIMEOUT_MS = 60_000;

/** The resolution to paint a page at: `dpi`, lowered so that neither side exceeds MAX_PAGE_PIXELS. */
export function pageDpi(size: { width: number; height: number }, dpi = 60): number {
  const longest = Math.max(size.width, size.height, 1);
  return Math.max(1, Math.min(dpi, Math.floor((MAX_PAGE_PIXELS * 72) / longest)));
}

/** One page as a PNG, through poppler's pdftoppm, bounded in size and time. */
export async function renderPage(pdfFile: string, page: number, size: { width: number; height: number }, dpi = 60): Promise<PNG> {
  const temp = await makeTempDir('paiban-diff-');
  const dir = temp.dir;
  try {
    const r = pageDpi(size, dpi);
    // -cropbox: the box pdf.js measured (a huge MediaBox behind a small CropBox cannot grow the image).
    await run('pdftoppm', ['-r', String(r), '-cropbox', '-f', String(page), '-l', String(page), '-singlefile', '-png', pdfFile, path.join(dir, 'page')], {
      timeout: RENDER_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
    return PNG.sync.read(await readFile(path.join(dir, 'page.png')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UserError('page images need pdftoppm (Debian: `sudo apt-get install poppler-utils`)');
    if ((error as { killed?: boolean }).killed) throw new UserError(`page ${page} took over ${RENDER_TIMEOUT_MS / 1000} s to paint; not compared`, { file: pdfFile });
    throw error;
  } finally {
    await temp.dispose();
  }
}

/** The pixels that differ between two page images, in red over a faded copy of the new page. */
export function highlightDifferences(oldPage: PNG, newPage: PNG): { image: PNG; differing: number } {
  const width = Math.max(oldPage.width, newPage.width);
  const height = Math.max(oldPage.height, newPage.height);
  const a = padTo(oldPage, width, height);
  const b = padTo(newPage, width, height);
  const image = new PNG({ width, height });
  const differing = pixelmatch(a.data, b.data, image.data, width, height, { threshold: 0.1, alpha: 0.2, diffColor: [220, 0, 0] });
  return { image, differing };
}

function padTo(png: PNG, width: number, height: number): PNG {
  if (png.width === width && png.height === height) return png;
  const out = new PNG({ width, height, fill: true });
  out.data.fill(255);
  PNG.bitblt(png, out, 0, 0, png.width, png.height, 0, 0);
  return out;
}

export function encodePng(png: PNG): Buffer {
  return PNG.sync.write(png);
}
