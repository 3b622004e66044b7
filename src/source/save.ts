import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function hasUtf8Bom(bytes: Buffer): boolean {
  return bytes.subarray(0, 3).equals(UTF8_BOM);
}

/**
 * Write a source file whole or not at all: to a temporary sibling, then
 * renamed over the target, so an interrupted run never leaves half a file.
 */
export async function saveSourceFile(file: string, text: string, { bom = false } = {}): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, bom ? Buffer.concat([UTF8_BOM, Buffer.from(text)]) : text);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
