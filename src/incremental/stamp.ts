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

/** The stamp of what `file` leads to, links followed (the file-facts cache: a fact about the file's content). Throws when there is none. */
export async function targetStampOf(file: string): Promise<string> {
  return describe(await stat(file, { bigint: true }));
}

function describe(info: BigIntStats): string {
  const kind = info.isFile() ? 'f' : info.isDirectory() ? 'd' : info.isSymbolicLink() ? 'l' : 'o';
  return `${kind}:${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
}

/** Timestamps lag the clock by up to a kernel tick (≤ 10 ms); 50 ms is a safe margin. */
const FINE_MARGIN_NS = 50_000_000n;
/** A filesystem keeping whole seconds (FAT keeps 2 s): a margin of its granularity. */
const COARSE_MARGIN_NS = 2_000_000_000n;

/**
 * Whether a later write could hide behind this stamp: a change made after
 * the stamp was taken, within the same timestamp tick and keeping the size,
 * would leave it as it is (git calls such entries "racily clean"). Safe
 * only when the path's last change (ctime) lies clearly before `since`, the
 * clock time before the stamp was taken; a timestamp in whole milliseconds
 * is taken to come from a coarse filesystem, and needs two seconds.
 */
export function racy(stamp: string, sinceNs: bigint): boolean {
  return stamp.split('>').some((part) => {
    const fields = part.split(':');
    if (fields.length !== 6) return false;
    const mtime = BigInt(fields[4]!);
    const ctime = BigInt(fields[5]!);
    const coarse = mtime % 1_000_000n === 0n && ctime % 1_000_000n === 0n;
    return ctime >= sinceNs - (coarse ? COARSE_MARGIN_NS : FINE_MARGIN_NS);
  });
}
