import { copyFile, link, lstat, mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { renameSync, rmSync } from 'node:fs';
import { prepareExchange, type PreparedExchange } from './exchange.ts';
import { isAlive, LEFTOVER } from './interrupted.ts';
import path from 'node:path';
import type { InputRecord } from './inputs.ts';
import { onTermination, uninterruptible } from '../lifecycle.ts';
import { withOutputLock } from './lock.ts';
import { writeError } from '../files/write.ts';
import { displayPath } from '../paths.ts';
import { sha256 } from '../files/hash.ts';

export type OutputRole = 'html' | 'pdf' | 'print' | 'impose' | 'pdfx' | 'epub' | 'asset';

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
  /** The document's options after the cascade (paiban.config.yaml < _defaults.yaml < front matter < edition). */
  documentOptions?: Record<string, unknown>;
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

export { sha256 };

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
 * Write a document's (or an edition's) outputs all or nothing. The whole new
 * folder is staged beside the target (`.<name>.tmp-<pid>-…`): the new files,
 * plus hard links to the files of the other editions' subfolders (their
 * files stay where they are meanwhile). Publishing is then one atomic
 * exchange of the staged folder and the old one where the system has it,
 * else the old folder renamed aside (`.<name>.old-<pid>`) and the staged one
 * renamed into place: a reader, or a run killed at any instant, sees the old
 * folder or the new one, never a mix. A run killed between those two renames
 * leaves the old folder aside and none in place; the next publish of the
 * document puts it back first, and removes staging folders of dead runs
 * (see swapIn).
 *
 * `lockDir` is the document's folder: an edition's publish holds the same
 * lock as the default's, whose swap carries the editions' folders across.
 */
export async function writeOutputs(
  targetDir: string,
  files: readonly OutputFile[],
  manifest: Manifest,
  { lockDir = targetDir }: { lockDir?: string } = {},
): Promise<void> {
  const parent = path.dirname(targetDir);
  const name = path.basename(targetDir);
  await mkdir(parent, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw writeError(error, displayPath(parent));
  });
  const staging = await mkdtemp(path.join(parent, `.${name}.tmp-${process.pid}-`)).catch((error: NodeJS.ErrnoException) => {
    throw writeError(error, displayPath(parent));
  });
  const unregister = onTermination({ async: () => rm(staging, { recursive: true, force: true }), sync: () => rmSync(staging, { recursive: true, force: true }) });
  // The exchange's helper starts while the files are written.
  const exchange = prepareExchange(staging, targetDir);
  try {
    const all = [...files, { role: 'asset' as const, path: MANIFEST, bytes: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) }];
    // The folders first, then every file at once (each write waits for a thread of libuv's pool, not for the one before).
    const staged = all.map((file) => ({ file, to: path.join(staging, ...file.path.split('/')) }));
    for (const folder of new Set(staged.map(({ to }) => path.dirname(to)))) await mkdir(folder, { recursive: true });
    const writes = await Promise.allSettled(staged.map(({ file, to }) => writeFile(to, file.bytes)));
    const failed = writes.find((write): write is PromiseRejectedResult => write.status === 'rejected');
    if (failed) throw failed.reason;
    // Under the lock, a concurrent build of the same document waits its turn;
    // a signal arriving meanwhile waits for the swap to finish.
    await withOutputLock(lockDir, () =>
      uninterruptible(async () => {
        await recoverInterrupted(parent, name);
        await linkEditions(targetDir, staging, new Set(all.map((file) => file.path.split('/')[0]!)));
        await swapIn(staging, targetDir, exchange);
      }),
    );
  } catch (error) {
    throw writeError(error as NodeJS.ErrnoException, displayPath(targetDir));
  } finally {
    exchange?.cancel();
    unregister();
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * The other editions' folders (subfolders holding a manifest.json, which
 * this build does not write), hard-linked file by file into the staged one.
 */
async function linkEditions(targetDir: string, staging: string, written: ReadonlySet<string>): Promise<void> {
  const entries = await readdir(targetDir, { withFileTypes: true }).catch(() => []);
  for (const dirent of entries) {
    const entry = dirent.name;
    if (!dirent.isDirectory() || written.has(entry) || entry.startsWith('.')) continue;
    const from = path.join(targetDir, entry);
    if (!(await lstat(path.join(from, MANIFEST)).catch(() => undefined))?.isFile()) continue;
    for (const item of await readdir(from, { recursive: true, withFileTypes: true })) {
      const source = path.join(item.parentPath, item.name);
      const dest = path.join(staging, entry, path.relative(from, source));
      // The edition's own staging folders and locks are not part of it.
      if (path.relative(from, source).split(path.sep).some((part) => part.startsWith('.'))) continue;
      if (item.isDirectory()) await mkdir(dest, { recursive: true });
      else if (item.isFile()) {
        await mkdir(path.dirname(dest), { recursive: true });
        // A file system without hard links (FAT, some network shares): copy.
        await link(source, dest).catch(() => copyFile(source, dest));
      }
    }
  }
}

/**
 * The staged folder in, the old one out. Where the system allows it, one
 * atomic exchange of the two (renameat2 RENAME_EXCHANGE, by the helper
 * `exchange` that waits for the word, see exchange.ts):
 * `output/<doc>` names the old folder or the new one at every instant, and
 * the old one, now at the staging path, is removed with it. Elsewhere two
 * renames: old folder aside, new folder in. rename(2) replaces only an
 * empty folder, and a symbolic link swapped in would make `output/<doc>` a
 * link, so no single rename can do it. Both renames are synchronous, back
 * to back, with nothing between them (asynchronous ones would each wait for
 * a free thread in libuv's pool, behind other documents' file writes). A
 * run killed in that window leaves the old folder whole, aside: the next
 * build puts it back, and verify and diff name it (src/output/interrupted.ts).
 */
async function swapIn(staging: string, targetDir: string, exchange: PreparedExchange | undefined): Promise<void> {
  // The old folder ends up at the staging path, which the caller removes.
  if (await exchange?.run()) return;
  const aside = path.join(path.dirname(targetDir), `.${path.basename(targetDir)}.old-${process.pid}`);
  let hadOld = true;
  try {
    renameSync(targetDir, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    hadOld = false;
  }
  try {
    renameSync(staging, targetDir);
  } catch (error) {
    // The staged folder could not go in (a full disk's metadata, a permission): the old one goes back.
    if (hadOld) renameSync(aside, targetDir);
    throw error;
  }
  if (hadOld) await rm(aside, { recursive: true, force: true });
}

/**
 * What runs that died (SIGKILL, a power cut) left beside `<name>`: an old
 * folder moved aside but never replaced is put back, other leftovers of dead
 * runs are removed. Runs under the document's lock.
 */
async function recoverInterrupted(parent: string, name: string): Promise<void> {
  const target = path.join(parent, name);
  for (const entry of await readdir(parent)) {
    const m = LEFTOVER.exec(entry);
    if (!m || m[1] !== name || isAlive(Number(m[3]))) continue;
    const full = path.join(parent, entry);
    if (m[2] === 'old' && !(await lstat(target).catch(() => undefined))) await rename(full, target);
    else await rm(full, { recursive: true, force: true });
  }
}
