import { createHash } from 'node:crypto';

/** The SHA-256 of some bytes (or UTF-8 text), as lowercase hex: the one hash of manifests, inputs and ids. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
