import path from 'node:path';
import { fileURLToPath } from 'node:url';

let identity: string | undefined;

/**
 * The CLI's entry module tells which code runs: in the bundle it is
 * `dist/main-<hash>.mjs`, whose hash esbuild derives from its content and
 * its chunks' hashed names, so any change of paiban's code gives another
 * name. Run from src/ through tsx there is no such name, and the code has
 * no identity (skip records are then neither written nor trusted).
 */
export function setCodeIdentity(entryUrl: string): void {
  const name = path.basename(fileURLToPath(entryUrl));
  identity = /^main-[A-Z0-9]+\.mjs$/.test(name) ? name : undefined;
}

export function codeIdentity(): string | undefined {
  return identity;
}
