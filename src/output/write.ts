import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { InputRecord } from './inputs.ts';
import { onTermination, uninterruptible } from '../lifecycle.ts';
import { withOutputLock } from './lock.ts';

export type OutputRole = 'html' | 'pdf' | 'print' | 'impose' | 'pdfx' | 'asset';

export interface OutputFile {
  role: OutputRole;
  /** Path relative to the document's output folder, `/`-separated. */
  path: string;
  bytes: Buffer;
  /** PDFs only. */
  pages?: number;
}

/** What a build was made from: enough to skip an unchanged build, or regenerate and compare it. */
export interface ManifestBuild {
  /** The document folder, relative to the project. */
  source: string;
  editionInfo: { id: string; name: string | null; date: string; changes: string | null; default: boolean };
  options: { formats: string[]; impose: string | null; pdfx: boolean };
  versions: { paiban: string; node: string };
  inputs: InputRecord[];
}

export interface Manifest extends ManifestBuild {
  document: string;
  title: string;
  edition: string;
  generator: { name: string; version: string };
  /** The Chromium that printed the PDFs; null when none was printed. */
  browser: string | null;
  outputs: { role: OutputRole; path: string; sha256: string; bytes: number; pages?: number }[];
}

export const MANIFEST = 'manifest.json';

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function buildManifest(head: Omit<Manifest, 'outputs'>, files: readonly OutputFile[]): Manifest {
  return {
    ...head,
    outputs: files.map((file) => ({
      role: file.role,
      path: file.path,
      sha256: sha256(file.bytes),
      bytes: file.bytes.length,
      ...(file.pages === undefined ? {} : { pages: file.pages }),
    })),
  };
}

/**
 * Write a document's outputs all or nothing: everything goes to a temporary
 * folder beside the target, then is renamed into place. A build that fails
 * before this point leaves the previous outputs untouched.
 */
export async function writeOutputs(targetDir: string, files: readonly OutputFile[], manifest: Manifest): Promise<void> {
  const parent = path.dirname(targetDir);
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(path.join(parent, `.${path.basename(targetDir)}.tmp-`));
  const unregister = onTermination({ async: () => rm(staging, { recursive: true, force: true }), sync: () => rmSync(staging, { recursive: true, force: true }) });
  try {
    const all = [...files, { role: 'asset' as const, path: MANIFEST, bytes: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) }];
    for (const file of all) {
      const staged = path.join(staging, ...file.path.split('/'));
      await mkdir(path.dirname(staged), { recursive: true });
      await writeFile(staged, file.bytes);
    }
    // Top-level entries move as wholes: a file, or a folder such as assets/.
    // The manifest goes last, so it never describes files not yet in place.
    // Under the lock, a concurrent build of the same document waits its turn;
    // a signal arriving meanwhile waits for the renames to finish.
    const topLevel = [...new Set(files.map((file) => file.path.split('/')[0]!))];
    await withOutputLock(targetDir, () =>
      uninterruptible(async () => {
        await mkdir(targetDir, { recursive: true });
        for (const entry of [...topLevel, MANIFEST]) {
          await replace(path.join(staging, entry), path.join(targetDir, entry));
        }
      }),
    );
  } finally {
    unregister();
    await rm(staging, { recursive: true, force: true });
  }
}

async function replace(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    // A folder cannot replace a non-empty folder: move the old one aside first.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EISDIR' && code !== 'ENOTDIR') throw error;
    const aside = `${to}.old-${process.pid}`;
    await rename(to, aside);
    await rename(from, to);
    await rm(aside, { recursive: true, force: true });
  }
}
