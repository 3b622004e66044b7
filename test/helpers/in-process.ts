import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { RendererPool } from '../../src/render/pool.ts';

/**
 * For a test file that builds in its own process (buildDocument): a
 * temporary folder named `<prefix>…` and one renderer, which launches
 * Chromium (or joins the run's shared one) on first use; both go after the
 * file's tests.
 */
export function inProcessBuilds(prefix: string): { renderer: RendererPool; tmp: string } {
  const tmp = mkdtempSync(path.join(os.tmpdir(), prefix));
  const renderer = new RendererPool();
  after(async () => {
    await renderer.close();
    await rm(tmp, { recursive: true, force: true });
  });
  return { renderer, tmp };
}
