import { constants } from 'node:fs';
import { lstat, mkdir, open, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { writeError } from '../files/write.ts';
import { displayPath } from '../paths.ts';

/** A file to create, by its path relative to the project folder (`/`-separated). */
export interface NewFile {
  path: string;
  text: string;
}

/**
 * Create `files` under `root`, all or none, never replacing or writing
 * through anything: any target that exists already (a file, a folder, a
 * link, even a dangling one) is refused before anything is written, folders
 * on the way must be real folders (not links), and each file is created with
 * O_CREAT|O_EXCL|O_NOFOLLOW, so one planted meanwhile makes it fail instead
 * of being followed. On a failure, what this call created is removed again.
 */
export async function createFiles(root: string, files: readonly NewFile[]): Promise<void> {
  const taken: string[] = [];
  for (const file of files) if (await entryExists(path.join(root, file.path))) taken.push(file.path);
  if (taken.length) throw new UserError(`${taken.join(', ')} already exist${taken.length === 1 ? 's' : ''}; paiban init never overwrites (choose an empty folder)`, { file: displayPath(root) });

  const createdFiles: string[] = [];
  const createdDirs: string[] = [];
  try {
    for (const file of files) {
      const target = path.join(root, file.path);
      await makeFolders(root, path.dirname(file.path), createdDirs);
      const handle = await open(target, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o666).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EEXIST' || error.code === 'ELOOP' ? new UserError('appeared while paiban init ran; nothing was written', { file: displayPath(target) }) : writeError(error, displayPath(target));
      });
      createdFiles.push(target);
      try {
        await handle.writeFile(file.text);
      } catch (error) {
        throw writeError(error as NodeJS.ErrnoException, displayPath(target));
      } finally {
        await handle.close();
      }
    }
  } catch (error) {
    for (const file of createdFiles.reverse()) await rm(file, { force: true });
    for (const dir of createdDirs.reverse()) await rmdir(dir).catch(() => undefined);
    throw error;
  }
}

async function entryExists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      // ENOTDIR: a file stands where a folder on the way should be.
      if (error.code === 'ENOTDIR') return true;
      throw error;
    },
  );
}

/** `relative` under `root`, folder by folder: each one made here (recorded in `created`) or a real folder already, never a link. */
async function makeFolders(root: string, relative: string, created: string[]): Promise<void> {
  let dir = root;
  for (const part of ['', ...relative.split('/').filter((p) => p && p !== '.')]) {
    dir = part ? path.join(dir, part) : dir;
    const info = await lstat(dir).catch(() => undefined);
    if (info?.isDirectory()) continue;
    if (info) throw new UserError(info.isSymbolicLink() ? 'is a symbolic link; paiban init does not write through links' : 'is not a folder', { file: displayPath(dir) });
    await mkdir(dir).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EEXIST' ? new UserError('appeared while paiban init ran; nothing was written', { file: displayPath(dir) }) : writeError(error, displayPath(dir));
    });
    created.push(dir);
  }
}
