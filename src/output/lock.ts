import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { onTermination } from '../lifecycle.ts';
import { displayPath } from '../paths.ts';

/**
 * Hold `.<doc>.lock` beside an output folder while `work` runs, so two
 * builds writing the same `output/<doc>/` at once publish their files one
 * after the other, each as a whole, never interleaved. The lock is a folder
 * (mkdir is atomic) holding the owner's pid; a lock whose owner is dead is
 * taken over. Released on return, on error, and on SIGINT/SIGTERM.
 */
export async function withOutputLock<T>(targetDir: string, work: () => Promise<T>, waitMs = 120_000): Promise<T> {
  const lock = path.join(path.dirname(targetDir), `.${path.basename(targetDir)}.lock`);
  const started = Date.now();
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await isStale(lock)) {
      await rm(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - started > waitMs) {
      throw new UserError(`another paiban run has held ${displayPath(lock)} for over ${Math.round(waitMs / 1000)} s; if none is running, remove it`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  const release = onTermination({ async: () => rm(lock, { recursive: true, force: true }), sync: () => rmSync(lock, { recursive: true, force: true }) });
  try {
    await writeFile(path.join(lock, 'owner'), `${process.pid}\n`);
    return await work();
  } finally {
    release();
    await rm(lock, { recursive: true, force: true });
  }
}

/** A lock left by a process that no longer exists (killed with SIGKILL, a power cut). */
async function isStale(lock: string): Promise<boolean> {
  const owner = await readFile(path.join(lock, 'owner'), 'utf8').catch(() => undefined);
  const pid = Number(owner);
  if (!owner || !Number.isInteger(pid) || pid <= 0) {
    // Being created right now, or abandoned between mkdir and writing the owner.
    const info = await stat(lock).catch(() => undefined);
    return !!info && Date.now() - info.mtimeMs > 10_000;
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
