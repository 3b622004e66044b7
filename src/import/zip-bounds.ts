import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { UserError } from '../errors.ts';
import { formatSize } from '../limits.ts';

/** A Word file has a few dozen entries; thousands are a bomb or not a document. */
export const MAX_ZIP_ENTRIES = 2000;
/** Everything in the zip, uncompressed: a long report with photos stays far below. */
export const MAX_ZIP_UNCOMPRESSED = 256 * 1024 * 1024;

/**
 * Refuse a zip (a .docx) with too many entries or too much uncompressed data
 * before any converter inflates it. Every entry is inflated here, counting
 * bytes as they come (yauzl also checks each against its declared size), so
 * a header that lies about its size does not get past.
 */
export async function checkZipBounds(bytes: Buffer, shownFile: string, limits = { entries: MAX_ZIP_ENTRIES, uncompressed: MAX_ZIP_UNCOMPRESSED }): Promise<void> {
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (error, file) => (error ? reject(notAZip(error, shownFile)) : resolve(file!))),
  );
  if (zip.entryCount > limits.entries) {
    zip.close();
    throw new UserError(`holds ${zip.entryCount} zip entries; a Word file has a few dozen (limit ${limits.entries})`, { file: shownFile });
  }
  let total = 0;
  const tooLarge = () => new UserError(`expands to more than ${formatSize(limits.uncompressed)}; refusing it as a zip bomb`, { file: shownFile });
  await new Promise<void>((resolve, reject) => {
    zip.on('error', (error: Error) => reject(notAZip(error, shownFile)));
    zip.on('end', () => resolve());
    zip.on('entry', (entry: Entry) => {
      total += entry.uncompressedSize;
      if (total > limits.uncompressed) {
        zip.close();
        reject(tooLarge());
        return;
      }
      if (/\/$/.test(entry.fileName)) {
        zip.readEntry();
        return;
      }
      zip.openReadStream(entry, (error, stream) => {
        if (error || !stream) {
          reject(notAZip(error ?? new Error('unreadable entry'), shownFile));
          return;
        }
        stream.on('data', () => undefined);
        stream.on('error', (streamError: Error) => reject(notAZip(streamError, shownFile)));
        stream.on('end', () => zip.readEntry());
      });
    });
    zip.readEntry();
  });
}

function notAZip(error: Error, shownFile: string): UserError {
  return new UserError(`is not a readable .docx (zip) file: ${error.message.split('\n')[0]}`, { file: shownFile });
}
