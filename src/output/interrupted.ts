import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * What a publish killed at the wrong instant leaves (src/output/write.ts):
 * `.<name>.tmp-<pid>-…`, a staged folder, and `.<name>.old-<pid>`, the
 * previous folder moved aside. Where publishing cannot exchange the
 * folders atomically, it renames twice; between the two the previous folder
 * waits aside, whole, and none is in place; the next build of the document
 * puts it back. Read-only commands (verify, diff) find it
 * here to say so instead of "no such file".
 */
export const LEFTOVER = /^\.(.+)\.(tmp|old)-(\d+)(?:-.*)?$/;

export function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * The folder a dead run moved aside in place of `missing` or of one of the
 * folders above it (a manifest of `output/doc/second/` is lost with
 * `output/doc`), with the folder it belongs at; undefined when there is none.
 */
export function setAsideFolder(missing: string): { aside: string; target: string } | undefined {
  for (let target = path.resolve(missing); path.dirname(target) !== target; target = path.dirname(target)) {
    const parent = path.dirname(target);
    let entries: string[];
    try {
      entries = readdirSync(parent);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const m = LEFTOVER.exec(entry);
      if (m && m[2] === 'old' && m[1] === path.basename(target) && !isAlive(Number(m[3]))) return { aside: path.join(parent, entry), target };
    }
  }
  return undefined;
}
