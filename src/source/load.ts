import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { displayPath } from '../paths.ts';
import { readSourceBytes } from './bounded.ts';
import { limitsFromEnv } from '../limits.ts';

/** A document folder as found on disk: `source/<name>/index.md`. */
export interface SourceDocument {
  /** Folder name, used for output paths: `output/<name>/<name>.pdf`. */
  name: string;
  /** Absolute path of the document folder; only files inside it are served. */
  dir: string;
  /** Absolute path of `index.md`. */
  file: string;
  /** The Markdown text, decoded, BOM removed. */
  markdown: string;
  /** The raw bytes of index.md, for the manifest's input hash. */
  bytes: Buffer;
}

export const SOURCE_FILE = 'index.md';

export async function loadSource(docDir: string): Promise<SourceDocument> {
  const dir = path.resolve(docDir);
  const shown = displayPath(dir);
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new UserError('no such document folder', { file: shown });
  if (!info.isDirectory()) throw new UserError(`not a folder (a document is a folder holding ${SOURCE_FILE})`, { file: shown });

  const file = path.join(dir, SOURCE_FILE);
  const bytes = await readSourceBytes(dir, file, limitsFromEnv().maxSourceBytes);
  if (!bytes) throw new UserError(`no ${SOURCE_FILE} in this document folder`, { file: shown });

  return { name: path.basename(dir), dir, file, markdown: decodeUtf8(bytes, displayPath(file)), bytes };
}

/** Strict UTF-8: a legacy-encoded file is an error, never silently mangled text. */
export function decodeUtf8(bytes: Buffer, shownFile: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const line = lineOfFirstInvalidByte(bytes);
    throw new UserError(
      'is not valid UTF-8 (GB18030/GBK or UTF-16?); convert it, or bring it in with `paiban import --encoding`',
      { file: shownFile, line },
    );
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    throw new UserError('contains a NUL byte; is it a binary file?', { file: shownFile, line: lineAt(text, nul) });
  }
  return text;
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function lineOfFirstInvalidByte(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 10) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}
