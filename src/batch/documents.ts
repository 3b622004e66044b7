import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { SOURCE_FILE } from '../source/load.ts';

/** Every folder directly under `sourceRoot` that holds an index.md, sorted by name. */
export async function discoverDocuments(sourceRoot: string): Promise<string[]> {
  const entries = await readdir(sourceRoot, { withFileTypes: true }).catch(() => {
    throw new UserError(`no documents given and no ${sourceRoot}/ folder here`, { file: sourceRoot });
  });
  const dirs: string[] = [];
  for (const entry of entries.sort((a, b) => compare(a.name, b.name))) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(sourceRoot, entry.name);
    if (await stat(path.join(dir, SOURCE_FILE)).then(() => true, () => false)) dirs.push(dir);
  }
  if (!dirs.length) throw new UserError(`no document folders with an ${SOURCE_FILE} under ${sourceRoot}/`, { file: sourceRoot });
  return dirs;
}

export interface Shard {
  /** 1-based, as written: `--shard 2/3` is index 2 of count 3. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UserError(`--shard must be I/N with 1 ≤ I ≤ N, e.g. 2/3, not "${text}"`);
  }
  return { index, count };
}

/**
 * This shard's documents: the list is sorted (by path as given, in code-unit
 * order, so every machine agrees whatever its locale or the order of its
 * arguments) and dealt round-robin, document k going to shard (k mod N) + 1.
 * Shards 1/N … N/N together hold every document exactly once, and their sizes
 * differ by at most one.
 */
export function selectShard(docDirs: readonly string[], shard: Shard | undefined): string[] {
  if (!shard) return [...docDirs];
  const sorted = [...new Set(docDirs.map((dir) => path.normalize(dir).replace(/\/+$/, '') || '.'))].sort(compare);
  return sorted.filter((_, k) => k % shard.count === shard.index - 1);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
