import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileMatches, installedChromiumVersion } from '../output/inputs.ts';
import { MANIFEST, type Manifest, type ManifestBuild } from '../output/write.ts';
import { generator } from '../paths.ts';
import { findChromium } from '../render/chromium.ts';

/**
 * The manifest in `outDir` when the outputs there were built from exactly
 * these inputs, options and versions (Chromium's read from the installed
 * browser) and are all there; else undefined.
 */
export async function upToDate(outDir: string, build: ManifestBuild, needsBrowser: boolean): Promise<Manifest | undefined> {
  const text = await readFile(path.join(outDir, MANIFEST), 'utf8').catch(() => undefined);
  if (!text) return undefined;
  let previous: Partial<Manifest>;
  try {
    previous = JSON.parse(text) as Partial<Manifest>;
  } catch {
    return undefined;
  }
  const recorded = JSON.stringify({ ...pickBuild(previous), generator: previous.generator });
  if (recorded !== JSON.stringify({ ...pickBuild(build), generator })) return undefined;
  if (needsBrowser) {
    const installed = await installedChromiumVersion(findChromium());
    if (!installed || !previous.browser?.includes(installed)) return undefined;
  }
  for (const output of previous.outputs ?? []) if (!(await fileMatches(path.join(outDir, output.path), output.bytes))) return undefined;
  return previous as Manifest;
}

function pickBuild(from: Partial<ManifestBuild>): Partial<ManifestBuild> {
  return { source: from.source, editionInfo: from.editionInfo, options: from.options, versions: from.versions, inputs: from.inputs };
}
