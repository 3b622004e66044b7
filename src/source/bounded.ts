import { open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { formatSize } from '../limits.ts';
import { displayPath } from '../paths.ts';

/**
 * Read a document's `index.md`, refusing what is not a plain file inside the
 * document folder (a symlink to /etc/passwd, a FIFO, /dev/zero) and what is
 * larger than the limit — checked on the open file, and again while reading,
 * so a file growing meanwhile cannot slip past. Undefined when there is none.
 */
export async function readSourceBytes(dir: string, file: string, maxBytes: number): Promise<Buffer | undefined> {
  const shown = displayPath(file);
  const real = await realpath(file).catch(() => undefined);
  if (!real) return undefined;
  const realDir = await realpath(dir);
  const rel = path.relative(realDir, real);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new UserError('is a link to a file outside the document folder; copy the file in instead', { file: shown });
  }
  // Before opening: opening a FIFO for reading waits for a writer, forever.
  if (!(await stat(real)).isFile()) throw new UserError('is not a regular file', { file: shown });
  const handle = await open(real, 'r').catch(() => undefined);
  if (!handle) throw new UserError('cannot be read (permissions?)', { file: shown });
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new UserError('is not a regular file', { file: shown });
    const tooLarge = (size: number) =>
      new UserError(`is ${formatSize(size)}; the limit is ${formatSize(maxBytes)} (raise it with PAIBAN_MAX_SOURCE_SIZE)`, { file: shown });
    if (info.size > maxBytes) throw tooLarge(info.size);
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (!bytesRead) break;
      length += bytesRead;
      if (length > maxBytes) throw tooLarge(length);
    }
    return Buffer.from(buffer.subarray(0, length));
  } finally {
    await handle.close();
  }
}
