import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { displayPath } from '../paths.ts';

/** A path with links resolved as far as it exists, the rest appended as given. */
function resolvedAsFarAsExists(file: string): string {
  const rest: string[] = [];
  let at = path.resolve(file);
  for (;;) {
    try {
      return path.join(realpathSync(at), ...rest.reverse());
    } catch {
      const parent = path.dirname(at);
      if (parent === at) return path.resolve(file);
      rest.push(path.basename(at));
      at = parent;
    }
  }
}

const within = (dir: string, file: string): boolean => {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/**
 * Check `--out` before anything is built. It must be a folder (or not exist
 * yet), and no document's output folder (`<out>/<doc>/`) may be, contain or
 * lie inside a source folder: publishing replaces that folder's entries, so
 * `build source/report --out source` would replace the author's files.
 */
export function checkOutputRoot(outRoot: string, docDirs: readonly string[]): void {
  const shownOut = displayPath(outRoot);
  let info;
  try {
    info = statSync(outRoot, { throwIfNoEntry: false });
  } catch (error) {
    // A file where a parent folder should be (`--out notes.txt/out`).
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') throw new UserError('lies under a file, not a folder; --out takes a folder', { file: shownOut });
    throw error;
  }
  if (info && !info.isDirectory()) throw new UserError('is not a folder; --out takes a folder, where each document gets a folder of its own', { file: shownOut });
  const realOut = resolvedAsFarAsExists(outRoot);
  for (const docDir of docDirs) {
    const realDoc = resolvedAsFarAsExists(docDir);
    const target = path.join(realOut, path.basename(path.resolve(docDir)));
    if (within(realDoc, target) || within(target, realDoc)) {
      throw new UserError(
        `the output folder ${displayPath(path.join(outRoot, path.basename(path.resolve(docDir))))} would be, or overlap, the source folder ${displayPath(docDir)}; give --out a folder outside the sources (default: output)`,
      );
    }
  }
}
