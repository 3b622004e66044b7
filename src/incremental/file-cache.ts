import { mkdir, readFile } from 'node:fs/promises';
import { sha256 } from '../files/hash.ts';
import os from 'node:os';
import path from 'node:path';
import { readRegularFile } from '../files/read.ts';
import { replaceFile } from '../files/write.ts';
import { targetStampOf } from './stamp.ts';

/**
 * Facts about big or slow files, remembered across runs: the SHA-256 of a
 * font (a CJK font is ~15 MB; hashing the four a build uses took ~0.5 s, half
 * of a skipped build) and the version an installed Chromium prints (`chromium
 * --version` starts a shell script and the browser: 0.1–2 s). A fact is
 * reused while the file's identity and times are those it was learnt with:
 * device, inode, size, mtime and ctime in nanoseconds. ctime cannot be set
 * back by any tool, so a rewrite that restores the mtime still counts as a
 * change, and a package upgrade (dpkg renames new files into place) gives a
 * new inode.
 *
 * The cache is `$XDG_CACHE_HOME/paiban/file-facts.json` (default
 * `~/.cache/paiban/`), or in `PAIBAN_CACHE_DIR`. It is only ever an
 * optimisation: missing, corrupt or unwritable, the facts are learnt again.
 */
const CACHE_FILE = 'file-facts.json';
/** Entries kept: far more fonts and browsers than any machine's projects use. */
const MAX_ENTRIES = 256;
const MAX_CACHE_BYTES = 1024 * 1024;

interface Entry {
  /** The file's stamp when learnt (`kind:dev:ino:size:mtimeNs:ctimeNs`, src/incremental/stamp.ts). */
  stamp: string;
  value: string;
}

/** The folder paiban keeps its caches in. */
export function cacheDir(): string {
  const own = process.env['PAIBAN_CACHE_DIR'];
  if (own) return path.resolve(own);
  const xdg = process.env['XDG_CACHE_HOME'];
  // XDG: a relative value is invalid and is ignored.
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache'), 'paiban');
}

let cache: Promise<Map<string, Entry>> | undefined;
const inProcess = new Map<string, Promise<string | undefined>>();

/** The font file's SHA-256 (hex), computed only when the file changed since last time. */
export async function fontHash(file: string): Promise<string> {
  const hash = await remembered('sha256', file, async () => sha256(await readFile(file)));
  return hash!;
}

/**
 * `kind` of `file` (`sha256`, `chromium-version` …): from the cache when the
 * file is unchanged since it was learnt, else from `learn` (undefined is not
 * remembered). Once per process and file.
 */
export function remembered(kind: string, file: string, learn: () => Promise<string | undefined>): Promise<string | undefined> {
  const key = `${kind} ${file}`;
  let value = inProcess.get(key);
  if (!value) {
    value = throughCache(key, file, learn);
    value.catch(() => inProcess.delete(key));
    inProcess.set(key, value);
  }
  return value;
}

async function throughCache(key: string, file: string, learn: () => Promise<string | undefined>): Promise<string | undefined> {
  const cacheFile = path.join(cacheDir(), CACHE_FILE);
  const entries = await (cache ??= loadCache(cacheFile));
  const before = await targetStampOf(file);
  const known = entries.get(key);
  if (known?.stamp === before) return known.value;
  const value = await learn();
  // A file that changed meanwhile is learnt again next time, not remembered.
  if (value !== undefined && (await targetStampOf(file)) === before) {
    entries.delete(key);
    entries.set(key, { stamp: before, value });
    await save(cacheFile, entries);
  }
  return value;
}


async function loadCache(file: string): Promise<Map<string, Entry>> {
  const entries = new Map<string, Entry>();
  try {
    const data = JSON.parse((await readRegularFile(file, { shown: file, maxBytes: MAX_CACHE_BYTES, noFollow: true })).toString('utf8')) as unknown;
    if (data && typeof data === 'object' && !Array.isArray(data)) {
      for (const [key, entry] of Object.entries(data as Record<string, Partial<Entry>>)) {
        if (typeof entry?.stamp === 'string' && typeof entry.value === 'string') entries.set(key, { stamp: entry.stamp, value: entry.value });
      }
    }
  } catch {
    // None yet, or unreadable: start afresh.
  }
  return entries;
}

/** Merged with what other runs wrote meanwhile, most recent last, written whole (a temporary file renamed; never through a link). */
async function save(cacheFile: string, entries: Map<string, Entry>): Promise<void> {
  try {
    await mkdir(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
    const merged = await loadCache(cacheFile);
    for (const [key, value] of entries) {
      merged.delete(key);
      merged.set(key, value);
    }
    await replaceFile(cacheFile, `${JSON.stringify(Object.fromEntries([...merged].slice(-MAX_ENTRIES)), null, 1)}\n`);
  } catch {
    // A read-only home or a full disk: the next run learns again.
  }
}
