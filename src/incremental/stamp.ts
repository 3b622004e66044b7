import type { BigIntStats } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';

/**
 * What a path is now, as a string that changes whenever its content or its
 * entries may have: kind, device, inode, size, mtime and ctime in
 * nanoseconds (ctime cannot be set back by any tool, so even a rewrite that
 * restores the mtime shows). A folder's times change when an entry is added,
 * removed or renamed in it. A symbolic link is stamped with what it points
 * to as well. null: nothing there (or nothing paiban may look at).
 */
export async function stampOf(file: string): Promise<string | null> {
  const own = await lstat(file, { bigint: true }).catch(() => undefined);
  if (!own) return null;
  if (!own.isSymbolicLink()) return describe(own);
  const target = await stat(file, { bigint: true }).catch(() => undefined);
  return `${describe(own)}>${target ? describe(target) : 'dangling'}`;
}

function describe(info: BigIntStats): string {
  const kind = info.isFile() ? 'f' : info.isDirectory() ? 'd' : info.isSymbolicLink() ? 'l' : 'o';
  return `${kind}:${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
}
