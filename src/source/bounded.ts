import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { readRegularFile } from '../files/read.ts';
import { displayPath } from '../paths.ts';

/** Set to 1 to accept a source or image with several hard links or another owner. */
export const ALLOW_FOREIGN_FILES = 'PAIBAN_ALLOW_FOREIGN_FILES';

/**
 * Where a document's `index.md` really is: the file itself, or what its
 * symlink points to provided that lies inside the document folder (a link
 * to /etc/passwd, or to a file of another project, is refused — reading it
 * would publish it, and `lint --fix` would replace the link with a copy).
 * Undefined when there is no such file.
 */
export async function resolveSourceFile(dir: string, file: string): Promise<string | undefined> {
  const real = await realpath(file).catch(() => undefined);
  if (!real) return undefined;
  const realDir = await realpath(dir);
  const rel = path.relative(realDir, real);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new UserError('is a link to a file outside the document folder; copy the file in instead', { file: displayPath(file) });
  }
  return real;
}

/**
 * Read a document's `index.md`, refusing what is not a plain file inside the
 * document folder (a symlink to /etc/passwd, a hard link to a file of
 * another owner, a FIFO, /dev/zero) and what is larger than the limit.
 * Undefined when there is none.
 */
export async function readSourceBytes(dir: string, file: string, maxBytes: number): Promise<Buffer | undefined> {
  const real = await resolveSourceFile(dir, file);
  if (!real) return undefined;
  return readRegularFile(real, {
    shown: displayPath(file),
    maxBytes,
    limitHint: 'PAIBAN_MAX_SOURCE_SIZE',
    noFollow: true,
    ownFileOnly: { allowVariable: ALLOW_FOREIGN_FILES },
  });
}
