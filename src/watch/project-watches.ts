import { existsSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { ProjectWatchList } from '../project/watch-list.ts';
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
    const added: string[] = [];
    for (const [dir, tree] of this.trees) {
      if (!folders.has(dir)) {
        tree.close();
        this.trees.delete(dir);
      }
    }
    for (const dir of folders) {
      if (this.trees.has(dir)) continue;
      this.trees.set(dir, new TreeWatcher(dir, this.onChange, (message) => this.onError(dir, message)));
      added.push(dir);
    }
    const wanted = new Map<string, Set<string>>();
    for (const target of [...list.files, ...list.folders.filter((dir) => !folders.has(dir))]) {
      const [dir, name] = nearestExisting(target);
      if (dir === undefined) continue;
      let set = wanted.get(dir);
      if (!set) wanted.set(dir, (set = new Set()));
      set.add(name);
    }
    for (const [dir, entry] of this.names) {
      if (!wanted.has(dir)) {
        entry.watcher.close();
        this.names.delete(dir);
      }
    }
    for (const [dir, names] of wanted) {
      const entry = this.names.get(dir);
      if (entry) {
        entry.names = names;
        continue;
      }
      try {
        const watcher = watch(dir, (_event, name) => {
          const current = this.names.get(dir);
          if (name && current?.names.has(String(name))) this.onChange(path.join(dir, String(name)));
        });
        watcher.on('error', () => watcher.close());
        this.names.set(dir, { watcher, names });
      } catch (error) {
        this.onError(dir, (error as Error).message);
      }
    }
    return added;
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
