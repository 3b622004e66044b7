// The isolated importer (see isolate.ts): a file's bytes in, the Markdown and
// report out. Runs in a worker thread with its own heap and stack limits, so a
// page that makes the HTML parser, Readability or mammoth slow, hungry or
// deeply recursive can be stopped without harming the run.
import { parentPort } from 'node:worker_threads';
import { isUserError } from '../errors.ts';
import { isStackOverflow } from '../markdown/guard.ts';
import { convertOfficeFile } from './docx.ts';
import { importDocument, type ImportOptions, type ImportResult } from './import.ts';

export interface ImportRequest {
  bytes: Uint8Array;
  options: ImportOptions;
}

export type ImportReply = { result: ImportResult } | { problem: { message: string; line?: number } } | { failure: string };

async function convert({ bytes, options }: ImportRequest): Promise<ImportReply> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const converted = await convertOfficeFile(buffer, options.extension, options.shownFile);
    return { result: importDocument(buffer, options, converted) };
  } catch (error) {
    if (isUserError(error)) return { problem: { message: error.message, ...(error.line ? { line: error.line } : {}) } };
    if (isStackOverflow(error)) return { problem: { message: 'nests its elements too deeply to import (the parser ran out of stack); is it machine-generated?' } };
    return { failure: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

parentPort?.once('message', (request: ImportRequest) => {
  void convert(request).then((reply) => parentPort!.postMessage(reply));
});
