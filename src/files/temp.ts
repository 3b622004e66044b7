import { readdirSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { onTermination } from '../lifecycle.ts';

export interface TempDir {
  dir: string;
  /** Remove the folder (idempotent). */
  dispose: () => Promise<void>;
}

/**
 * A private temporary folder `<TMPDIR>/<prefix><pid>-XXXXXX`, removed on
 * dispose and on SIGINT/SIGTERM/exit. A run killed outright (SIGKILL) cannot
 * clean up, so its pid is in the name: the next run with the same prefix
 * removes folders whose process is gone.
 */
export async function makeTempDir(prefix: string): Promise<TempDir> {
  removeStale(prefix);
  const dir = await mkdtemp(path.join(os.tmpdir(), `${prefix}${process.pid}-`));
  const unregister = onTermination({ async: () => rm(dir, { recursive: true, force: true }), sync: () => rmSync(dir, { recursive: true, force: true }) });
  let disposed: Promise<void> | undefined;
  return {
    dir,
    dispose: () =>
      (disposed ??= (async () => {
        unregister();
        await rm(dir, { recursive: true, force: true });
      })()),
  };
}

function removeStale(prefix: string): void {
  let entries: string[];
  try {
    entries = readdirSync(os.tmpdir());
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(entry.slice(prefix.length))?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    rmSync(path.join(os.tmpdir(), entry), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
