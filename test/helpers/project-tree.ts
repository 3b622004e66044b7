import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Writes a project tree under `root`: files by path relative to it (folders made as needed); returns the root. */
export async function writeTree(root: string, files: Record<string, string>): Promise<string> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  return root;
}
