import { createRequire } from 'node:module';

type OpenCC = typeof import('opencc-js');
let opencc: OpenCC | undefined;

/**
 * OpenCC, loaded on first use: only Traditional Chinese editions and labels
 * need it, and its 1.2 MB of dictionaries would slow every start. Loaded
 * synchronously (its CommonJS build, the same code as the ES module) so that
 * callers stay synchronous.
 */
export function openCC(): OpenCC {
  return (opencc ??= createRequire(import.meta.url)('opencc-js') as OpenCC);
}
