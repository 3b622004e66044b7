import { zipSync, type Zippable } from 'fflate';

/**
 * The EPUB container (OCF): `mimetype` first and stored, then the files in
 * the order given, every entry dated `date` (a local-time Date: zip's DOS
 * times have no zone, so the bytes are the same in any time zone).
 */
export function ocfZip(files: readonly { path: string; bytes: Uint8Array }[], date: string): Buffer {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const mtime = new Date(year, month - 1, day, 0, 0, 0);
  const entries: Zippable = { mimetype: [new TextEncoder().encode('application/epub+zip'), { level: 0, mtime }] };
  for (const file of files) entries[file.path] = [file.bytes, { level: 9, mtime }];
  return Buffer.from(zipSync(entries, { mtime }));
}
