import { existsSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { ProjectWatchList } from '../project/watch-list.ts';
import { reconcile } from './reconcile.ts';
import { TreeWatcher } from './tree-watcher.ts';

/**
 * The watches on a project's files and folders, brought up to date with a
 * new watch list after each build. A folder that exists is watched as a
 * tree; a file, or a folder not there yet, by a watch on the nearest folder
 * above it that exists, for the one name that leads to it (a watch on a
 * file goes deaf once an editor replaces it; a missing folder cannot be
 * watched until it is made, which is then a change).
 */
export class ProjectWatches {
  private readonly trees = new Map<string, TreeWatcher>();
  /** Folder → its watch, and the names in it that matter. */
  private readonly names = new Map<string, { watcher: FSWatcher; names: Set<string> }>();

  constructor(
    private readonly onChange: (file: string) => void,
    private readonly onError: (dir: string, message: string) => void,
  ) {}

  /** Watch what the list names, and stop watching what it no longer does. Returns the folders that are now watched as trees for the first time. */
  update(list: ProjectWatchList): string[] {
    const folders = new Set(list.folders.filter((dir) => existsSync(dir)));
    const added = reconcile(this.trees, folders, (tree) => tree.close(), (dir) => new TreeWatcher(dir, this.onChange, (message) => this.onError(dir, message)));
    const wanted = new Map<string, Set<string>>();
    for (const target of [...list.files, ...list.folders.filter((dir) => !folders.has(dir))]) {
      const [dir, name] = nearestExisting(target);
      if (dir === undefined) continue;
      let set = wanted.get(dir);
      if (!set) wanted.set(dir, (set = new Set()));
      set.add(name);
    }
    reconcile(this.names, wanted.keys(), (entry) => entry.watcher.close(), (dir) => this.watchNames(dir));
    // Folders watched before: the names that matter in them may have changed.
    for (const [dir, names] of wanted) this.names.get(dir)!.names = names;
    return added;
  }

  /** A watch on `dir` that reports changes to the names listed for it (set by update()). */
  private watchNames(dir: string): { watcher: FSWatcher; names: Set<string> } | undefined {
    try {
      const watcher = watch(dir, (_event, name) => {
        const current = this.names.get(dir);
        if (name && current?.names.has(String(name))) this.onChange(path.join(dir, String(name)));
      });
      watcher.on('error', () => watcher.close());
      return { watcher, names: new Set() };
    } catch (error) {
      this.onError(dir, (error as Error).message);
      return undefined;
    }
  }

  close(): void {
    for (const tree of this.trees.values()) tree.close();
    for (const { watcher } of this.names.values()) watcher.close();
    this.trees.clear();
    this.names.clear();
  }
}

/** The nearest folder above `target` that exists, and the name in it on the way to `target`. */
function nearestExisting(target: string): [string | undefined, string] {
  let child = path.resolve(target);
  for (;;) {
    const parent = path.dirname(child);
    if (parent === child) return [undefined, ''];
    if (existsSync(parent)) return [parent, path.basename(child)];
    child = parent;
  }
}
