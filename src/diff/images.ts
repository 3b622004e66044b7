import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { UserError } from '../errors.ts';

const run = promisify(execFile);

/** One page as a PNG, through poppler's pdftoppm. */
export async function renderPage(pdfFile: string, page: number, dpi = 60): Promise<PNG> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'paiban-diff-'));
  try {
    await run('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', '-png', pdfFile, path.join(dir, 'page')]);
    return PNG.sync.read(await readFile(path.join(dir, 'page.png')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UserError('page images need pdftoppm (Debian: `sudo apt-get install poppler-utils`)');
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
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
