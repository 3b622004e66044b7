import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const sha256File = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * Every file under a folder with its hash (and, with `mtimes`, its
 * modification time): to prove a folder is byte-identical, or untouched.
 */
export function snapshot(dir: string, options: { mtimes?: boolean } = {}): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, full)] = sha256File(full) + (options.mtimes ? `@${statSync(full).mtimeMs}` : '');
  }
  return files;
}
