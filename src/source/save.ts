import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { replaceFile } from '../files/write.ts';
import { displayPath } from '../paths.ts';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function hasUtf8Bom(bytes: Buffer): boolean {
  return bytes.subarray(0, 3).equals(UTF8_BOM);
}

/**
 * Write a source file whole or not at all, never through a link planted at
 * the file or at a temporary name (see replaceFile). Callers check that the
 * folder is the one they mean (not a link out of source/).
 */
export async function saveSourceFile(file: string, text: string, { bom = false } = {}): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await replaceFile(file, bom ? Buffer.concat([UTF8_BOM, Buffer.from(text)]) : text, displayPath(file));
}
