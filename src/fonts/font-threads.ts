import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { trace } from '../trace.ts';
import type { FontJob, FontReply, FontRequest } from './font-worker.ts';

/**
 * HarfBuzz subsetting and WOFF packing run in font threads (font-worker.ts),
 * not on the main thread: a font file is read and its tables parsed there as
 * soon as the build knows its faces (`warmFaces`, while the source is
 * transformed and laid out and Chromium starts), so once the characters are
 * known a subset costs only the subset; two threads split the faces between
 * them on a 2-core machine, and the WOFF packing (~0.8 s of deflate for a
 * book) leaves the main thread free while Chromium prints.
 *
 * Each thread has its own HarfBuzz instance (harfbuzz.ts), and each font file
 * always goes to the same thread, which keeps its face loaded. The bytes are
 * those the main thread made before: the same wasm, the same settings, and
 * a subset's output does not depend on what the instance did before
 * (test/unit/subset.test.ts).
 *
 * Threads are started on first use and held open only while a result is
 * awaited (a warm-up alone never delays the process's exit).
 */
interface Job {
  resolve: (bytes: Buffer) => void;
  reject: (error: Error) => void;
  /** Awaited by the build (not a warm-up): the thread keeps the process alive meanwhile. */
  needed: boolean;
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
/** Font files warmed up (read, parsed, a first subset made) or being warmed. */
const warmed = new Set<string>();
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
      warmed.delete(file);
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
  if (![...thread.jobs.values()].some((job) => job.needed)) thread.worker.unref();
}

function run(thread: FontThread, job: FontJob, needed: boolean): Promise<Buffer> {
  const id = nextId++;
  return new Promise<Buffer>((resolve, reject) => {
    thread.jobs.set(id, { resolve, reject, needed });
    if (needed) thread.worker.ref();
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

/**
 * Start reading and parsing these font files in the font threads, each with
 * a first small subset (HarfBuzz builds its lookup tables on a face's first
 * subset and keeps them): a later subset of the same file costs only itself.
 * Errors are left for the subsets that need the file to report.
 */
export function warmFaces(files: Iterable<string>, chars: string): void {
  for (const file of files) {
    if (warmed.has(file)) continue;
    warmed.add(file);
    run(threadFor(file), { op: 'subset', file, chars }, false).then(
      () => trace(`font thread: ${path.basename(file)} ready`),
      () => warmed.delete(file),
    );
  }
}

/** The subset of the font file holding these characters, as TrueType (harfbuzz.ts subsetSfnt, in the file's font thread). */
export function subsetInThread(file: string, chars: string): Promise<Buffer> {
  warmed.add(file);
  return run(threadFor(file), { op: 'subset', file, chars }, true);
}

/** The sfnt packed as WOFF (woff.ts sfntToWoff) in the font thread with the least work waiting. */
export function woffInThread(sfnt: Buffer): Promise<Buffer> {
  const thread = threads.length < THREADS ? startThread() : threads.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
  return run(thread, { op: 'woff', sfnt }, true);
}
