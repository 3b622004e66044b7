import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** An npm package name: `remark-foo` or `@scope/name` (no paths, no `..`). */
export const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/** The folder of an installed package, looked for as Node does: node_modules in `from` and each folder above it. */
export function findPackageDir(name: string, from: string): string | undefined {
  let dir = path.resolve(from);
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

type Exports = string | { [key: string]: Exports } | null | undefined;

/** A package's ESM entry: `exports` ('.', then import/node/default), else `module`, `main`, index.js. */
export function packageEntry(packageDir: string): string {
  const pkg = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { exports?: Exports; module?: string; main?: string };
  const pick = (value: Exports): string | undefined => {
    if (typeof value === 'string') return value;
    if (!value || typeof value !== 'object') return undefined;
    if ('.' in value) return pick(value['.']);
    for (const condition of ['import', 'node', 'default']) if (condition in value) return pick(value[condition]);
    return undefined;
  };
  return path.resolve(packageDir, pick(pkg.exports) ?? pkg.module ?? pkg.main ?? 'index.js');
}
