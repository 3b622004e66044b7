import { statSync } from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FontJob, FontReply, FontRequest } from './font-worker.ts';

/**
 * HarfBuzz subsetting and WOFF packing run in font threads (font-worker.ts),
 * not on the main thread: two threads split a document's faces between them
 * (the fonts stage, on the critical path before Chromium gets anything,
 * takes about half as long on 2 cores), and the WOFF packing (~0.8 s of
 * deflate for a book) leaves the main thread free while Chromium prints.
 *
 * Reading the faces ahead (a first subset of the source's characters while
 * the source is transformed) was measured and dropped: on a 2-core machine
 * the threads' reads and first subsets slowed the main thread's transform
 * from ~0.5 s to 1.3–4 s (contention for memory or page faults, probably),
 * more than the ~1.5 s they saved the fonts stage.
 *
 * Each thread has its own HarfBuzz instance (harfbuzz.ts), and each font file
 * always goes to the same thread, which keeps its face loaded. The bytes are
 * those the main thread made before: the same wasm, the same settings, and
 * a subset's output does not depend on what the instance did before
 * (test/unit/subset.test.ts).
 *
 * Threads are started on first use and hold the process open only while a
 * result is awaited.
 */
interface Job {
  resolve: (bytes: Buffer) => void;
  reject: (error: Error) => void;
}

interface FontThread {
  worker: Worker;
  jobs: Map<number, Job>;
  /** Bytes of the font files given to this thread: a new file goes to the least loaded. */
  fontBytes: number;
}

/**
 * The bundle (scripts/bundle.mjs) defines this as the file name of the
 * bundled font thread script beside it in dist/. Run from src/ under tsx, it
 * is not defined, and a boot file registers tsx in the thread first.
 */
declare const PAIBAN_FONT_WORKER: string | undefined;
const workerScript =
  typeof PAIBAN_FONT_WORKER === 'string' ? new URL(`./${PAIBAN_FONT_WORKER}`, import.meta.url) : new URL('./font-worker-boot.mjs', import.meta.url);

/** Two threads at most: the builds this serves run on 2 cores beside Chromium, and each thread holds a 65 MB wasm heap. */
const THREADS = Math.max(1, Math.min(2, os.availableParallelism()));

const threads: FontThread[] = [];
/** The thread that has (or is loading) each font file. */
const owner = new Map<string, FontThread>();
let nextId = 1;

function startThread(): FontThread {
  const worker = new Worker(workerScript, { execArgv: [] });
  const self: FontThread = { worker, jobs: new Map(), fontBytes: 0 };
  worker.on('message', (reply: FontReply) => {
    const job = self.jobs.get(reply.id);
    if (!job) return;
    settle(self, reply.id);
    if ('bytes' in reply) job.resolve(Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength));
    else job.reject(new Error(reply.error));
  });
  const fail = (error: Error) => {
    const at = threads.indexOf(self);
    if (at >= 0) threads.splice(at, 1);
    for (const [file, thread] of owner) {
      if (thread !== self) continue;
      owner.delete(file);
    }
    for (const [id, job] of self.jobs) {
      settle(self, id);
      job.reject(new Error(`a font thread failed: ${error.message}`));
    }
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`exited with code ${code}`)));
  // After the listeners (adding a 'message' listener refs the thread again).
  worker.unref();
  threads.push(self);
  return self;
}

function settle(thread: FontThread, id: number): void {
  thread.jobs.delete(id);
  if (!thread.jobs.size) thread.worker.unref();
}

function run(thread: FontThread, job: FontJob): Promise<Buffer> {
  const id = nextId++;
  return new Promise<Buffer>((resolve, reject) => {
    thread.jobs.set(id, { resolve, reject });
    thread.worker.ref();
    thread.worker.postMessage({ ...job, id } satisfies FontRequest);
  });
}

/** The thread that subsets this font file: the one that has it, else a new thread while there is room, else the least loaded. */
function threadFor(file: string): FontThread {
  let thread = owner.get(file);
  if (!thread) {
    thread = threads.length < THREADS ? startThread() : threads.reduce((a, b) => (b.fontBytes < a.fontBytes ? b : a));
    thread.fontBytes += sizeOf(file);
    owner.set(file, thread);
  }
  return thread;
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0; // The subset will say what is wrong with it.
  }
}

/** The subset of the font file holding these characters, as TrueType (harfbuzz.ts subsetSfnt, in the file's font thread). */
export function subsetInThread(file: string, chars: string): Promise<Buffer> {
  return run(threadFor(file), { op: 'subset', file, chars });
}

/** The sfnt packed as WOFF (woff.ts sfntToWoff) in the font thread with the least work waiting. */
export function woffInThread(sfnt: Buffer): Promise<Buffer> {
  const thread = threads.length < THREADS ? startThread() : threads.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
  return run(thread, { op: 'woff', sfnt });
}
