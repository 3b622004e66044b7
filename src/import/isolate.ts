import { Worker } from 'node:worker_threads';
import { UserError } from '../errors.ts';
import { formatSize, type Limits } from '../limits.ts';
import type { ImportOptions, ImportResult } from './import.ts';
import type { ImportReply, ImportRequest } from './import-worker.ts';

/**
 * Import a file in a worker thread with a heap limit, a stack limit and a
 * deadline, as build and lint parse Markdown (src/markdown/isolate.ts): a
 * page of 100,000 nested elements, megabytes of style sheet or a Word file
 * that makes mammoth churn costs at most PAIBAN_PARSE_TIMEOUT seconds and
 * PAIBAN_PARSE_MEMORY MiB, then fails with one line. Nothing is written
 * until the worker has answered.
 *
 * One thread per import (a run imports one file), stopped when it answers.
 */

/**
 * The bundle (scripts/bundle.mjs) defines this as the file name of the
 * bundled import script beside it in dist/. Run from src/ under tsx, it is
 * not defined, and a boot file registers tsx in the thread first.
 */
declare const PAIBAN_IMPORT_WORKER: string | undefined;
const workerScript =
  typeof PAIBAN_IMPORT_WORKER === 'string' ? new URL(`./${PAIBAN_IMPORT_WORKER}`, import.meta.url) : new URL('./import-worker-boot.mjs', import.meta.url);

export function importIsolated(bytes: Buffer, options: ImportOptions, limits: Limits): Promise<ImportResult> {
  const shownFile = options.shownFile;
  const worker = new Worker(workerScript, {
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: limits.parseMemoryMb, stackSizeMb: 8 },
  });
  return new Promise<ImportResult>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // The thread may be stuck in a loop: only stopping it stops it.
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(new UserError(`took longer than ${limits.parseTimeoutMs / 1000} s to import (limit PAIBAN_PARSE_TIMEOUT); is it machine-generated?`, { file: shownFile })),
        ),
      limits.parseTimeoutMs,
    );
    worker.once('message', (reply: ImportReply) =>
      finish(() => {
        if ('result' in reply) resolve(withBuffers(reply.result));
        else if ('problem' in reply) reject(new UserError(reply.problem.message, { file: shownFile, line: reply.problem.line }));
        else reject(new Error(`the importer failed: ${reply.failure}`));
      }),
    );
    worker.once('error', (error: Error) =>
      finish(() =>
        reject(
          (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new UserError(`needs more than ${formatSize(limits.parseMemoryMb * 1024 * 1024)} of memory to import (limit PAIBAN_PARSE_MEMORY)`, { file: shownFile })
            : new Error(`the importer failed: ${error.message}`),
        ),
      ),
    );
    worker.once('exit', (code) => finish(() => reject(new Error(`the importer thread exited with code ${code}`))));
    worker.postMessage({ bytes, options } satisfies ImportRequest);
  });
}

/** Buffers cross the thread boundary as plain Uint8Arrays: make the images' bytes Buffers again. */
function withBuffers(result: ImportResult): ImportResult {
  for (const image of result.images) {
    if (image.source.kind === 'bytes') {
      const bytes = image.source.bytes as Uint8Array;
      image.source = { kind: 'bytes', bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
    }
  }
  return result;
}
