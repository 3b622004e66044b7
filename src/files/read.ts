import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { UserError } from '../errors.ts';
import { formatSize } from '../limits.ts';

export interface ReadLimits {
  /** How the file is named in messages. */
  shown: string;
  /** Largest size read, in bytes. */
  maxBytes: number;
  /** What raises the limit, for the message (`PAIBAN_MAX_IMAGE_SIZE`). */
  limitHint?: string;
  /** Refuse a symbolic link at the last component (the caller resolved links itself). */
  noFollow?: boolean;
  /**
   * Refuse a file with more than one hard link, or owned by another user: a
   * hard link to a file outside the folder (`ln /etc/shadow a.png`) is not
   * visible as a link, and resolving paths cannot catch it.
   */
  ownFileOnly?: { allowVariable: string };
}

/**
 * Read a file paiban was pointed at, whatever it turns out to be. It is
 * opened non-blocking (opening a FIFO for reading otherwise waits for a
 * writer forever), checked on the open descriptor to be a regular file, and
 * read with a size limit checked both before and while reading, so a file
 * that grows meanwhile, or a sparse terabyte, never reaches memory.
 */
export async function readRegularFile(file: string, limits: ReadLimits): Promise<Buffer> {
  const { shown } = limits;
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | (limits.noFollow ? constants.O_NOFOLLOW : 0);
  let handle: FileHandle;
  try {
    handle = await open(file, flags);
  } catch (error) {
    throw openError(error as NodeJS.ErrnoException, shown);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new UserError('is not a regular file (a folder, FIFO, socket or device)', { file: shown });
    if (limits.ownFileOnly && !process.env[limits.ownFileOnly.allowVariable]) {
      const allow = `; copy the file in, or set ${limits.ownFileOnly.allowVariable}=1 if that is intended`;
      if (info.nlink > 1) throw new UserError(`has ${info.nlink} hard links, so it may be a file from elsewhere${allow}`, { file: shown });
      const uid = process.getuid?.();
      if (uid !== undefined && info.uid !== uid) throw new UserError(`belongs to another user (uid ${info.uid})${allow}`, { file: shown });
    }
    const tooLarge = (size: number) =>
      new UserError(`is ${formatSize(size)}; the limit is ${formatSize(limits.maxBytes)}${limits.limitHint ? ` (raise it with ${limits.limitHint})` : ''}`, { file: shown });
    if (info.size > limits.maxBytes) throw tooLarge(info.size);
    // One byte more than the limit: reading it proves the file grew past it.
    const buffer = Buffer.allocUnsafe(Math.min(limits.maxBytes, Math.max(info.size, 64 * 1024)) + 1);
    let chunks: Buffer[] = [];
    let total = 0;
    let current = buffer;
    let used = 0;
    for (;;) {
      if (used === current.length) {
        chunks.push(current);
        current = Buffer.allocUnsafe(Math.min(current.length * 2, limits.maxBytes + 1 - total));
        used = 0;
        if (!current.length) throw tooLarge(total);
      }
      const { bytesRead } = await handle.read(current, used, current.length - used, null);
      if (!bytesRead) break;
      used += bytesRead;
      total += bytesRead;
      if (total > limits.maxBytes) throw tooLarge(total);
    }
    chunks.push(current.subarray(0, used));
    const out = chunks.length === 1 ? Buffer.from(chunks[0]!) : Buffer.concat(chunks, total);
    chunks = [];
    return out;
  } finally {
    await handle.close();
  }
}

function openError(error: NodeJS.ErrnoException, shown: string): Error {
  switch (error.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new UserError('no such file', { file: shown });
    case 'ELOOP':
      return new UserError('is a symbolic link; paiban reads only plain files here', { file: shown });
    case 'EACCES':
    case 'EPERM':
      return new UserError('cannot be read (permissions?)', { file: shown });
    case 'EISDIR':
      return new UserError('is a folder, not a file', { file: shown });
    case 'ENXIO':
      return new UserError('is not a regular file (a socket or device)', { file: shown });
    default:
      return error;
  }
}
