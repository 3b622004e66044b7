import { constants, rmSync } from 'node:fs';
import { lstat, mkdtemp, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { onTermination } from '../lifecycle.ts';

/**
 * Replace `file` with `bytes`, whole or not at all, without ever writing
 * through a link. The new content is written to a file created exclusively
 * (`O_CREAT|O_EXCL|O_NOFOLLOW`) inside a fresh private folder beside the
 * target (`mkdtemp`, mode 0700), so nothing planted under a guessable
 * temporary name (`index.md.1234.tmp` → `~/.bashrc`) can redirect the
 * write; then renamed over the target, which replaces a directory entry and
 * never follows one. A target that is a symbolic link or not a regular file
 * is refused: callers that mean the file behind a link resolve it first and
 * check where it lies. An existing file keeps its permissions.
 */
export async function replaceFile(file: string, bytes: Buffer | string, shown: string = file): Promise<void> {
  const existing = await lstat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing?.isSymbolicLink()) throw new UserError('is a symbolic link; paiban does not write through links', { file: shown });
  if (existing && !existing.isFile()) throw new UserError('is not a regular file; refusing to replace it', { file: shown });
  const dir = await mkdtemp(path.join(path.dirname(file), '.paiban-write-')).catch((error: NodeJS.ErrnoException) => {
    throw writeError(error, path.dirname(file));
  });
  const cleanup = onTermination({ async: () => rm(dir, { recursive: true, force: true }), sync: () => rmSync(dir, { recursive: true, force: true }) });
  try {
    const temporary = path.join(dir, path.basename(file));
    const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, existing ? existing.mode & 0o777 : 0o666);
    try {
      await handle.writeFile(bytes);
      // The umask applied at creation; an existing file's own mode is restored exactly.
      if (existing) await handle.chmod(existing.mode & 0o777);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    throw writeError(error as NodeJS.ErrnoException, shown);
  } finally {
    cleanup();
    await rm(dir, { recursive: true, force: true });
  }
}

/** A write that failed for a reason the user can fix, as one line saying what to do. */
export function writeError(error: NodeJS.ErrnoException, shown: string): Error {
  switch (error.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new UserError('cannot be written: the disk is full (or over quota); free some space and run again', { file: shown });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new UserError('cannot be written (permissions, or a read-only file system)', { file: shown });
    case 'ENOENT':
    case 'ENOTDIR':
    case 'EEXIST':
      return new UserError('cannot be written: its folder does not exist, or a file stands where a folder should be', { file: shown });
    default:
      return error;
  }
}
