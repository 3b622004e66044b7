import { readdirSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { reconcile } from './reconcile.ts';

/** A folder tree larger than this is not a document: stop adding watches (inotify watches are a shared, limited resource). */
const MAX_FOLDERS = 2000;

/**
 * Watch a folder tree for changes by watching each folder, not each file.
 * A folder's watch sees every name in it change — created, written, deleted,
 * or replaced by a rename, which is how `sed -i` and most editors save —
 * whereas a watch on a file follows the replaced inode and goes deaf after
 * the first such save. New subfolders are picked up on the next event;
 * folders for which `skip` is true (the output folder) are never watched.
 */
export class TreeWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private closed = false;

  constructor(
    private readonly root: string,
    private readonly onChange: (file: string) => void,
    private readonly onError: (message: string) => void,
    private readonly skip: (dir: string) => boolean = () => false,
  ) {
    this.sync();
  }

  close(): void {
    this.closed = true;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  /** Watch every folder of the tree now there, and stop watching those gone. */
  private sync(): void {
    if (this.closed) return;
    reconcile(this.watchers, this.folders(), (watcher) => watcher.close(), (dir) => this.watchFolder(dir));
  }

  private watchFolder(dir: string): FSWatcher | undefined {
    try {
      const watcher = watch(dir, (_event, name) => {
        this.onChange(name ? path.join(dir, name.toString()) : dir);
        this.sync();
      });
      watcher.on('error', () => {
        // The folder went away (deleted or renamed): the next sync drops it.
        watcher.close();
        this.watchers.delete(dir);
      });
      return watcher;
    } catch (error) {
      if (dir === this.root) this.onError((error as Error).message);
      return undefined;
    }
  }

  private folders(): Set<string> {
    const found = new Set<string>();
    const stack = [this.root];
    while (stack.length && found.size < MAX_FOLDERS) {
      const dir = stack.pop()!;
      if (this.skip(dir)) continue;
      found.add(dir);
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      // Links are not followed: a link to / must not make the watcher walk the disk.
      for (const entry of entries) if (entry.isDirectory() && !entry.name.startsWith('.')) stack.push(path.join(dir, entry.name));
    }
    return found;
  }
}
