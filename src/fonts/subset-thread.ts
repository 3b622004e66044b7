import { Worker } from 'node:worker_threads';
import { trace } from '../trace.ts';
import { RequestThread } from '../threads/request-thread.ts';
import { coverageFont, coverageOfCodePoints, type Coverage } from './cmap.ts';
import type { SubsetReply, SubsetRequest } from './subset-worker.ts';

/**
 * Font subsetting and WOFF packing in a worker thread (subset-worker.ts),
 * off the main thread, which is a build's critical path up to the first
 * print: reading ~55 MB of fonts into HarfBuzz's heap, the subsets and the
 * packing run on the other core while the main thread transforms and lays
 * the document out (loadFaces, as soon as a plan knows its faces), or
 * while Chromium prints.
 *
 * One thread serves every document of a run and keeps its faces (a batch or
 * a watch session reads each font once), until a build has made every
 * document's subsets (releaseSubsetter). It holds the process open only
 * while a subset or a packing is awaited.
 */

/**
 * The bundle (scripts/bundle.mjs) defines this as the file name of the
 * bundled subsetter script beside it in dist/. Run from src/ under tsx, it is
 * not defined, and a boot file registers tsx in the thread first.
 */
declare const PAIBAN_SUBSET_WORKER: string | undefined;
const workerScript =
  typeof PAIBAN_SUBSET_WORKER === 'string' ? new URL(`./${PAIBAN_SUBSET_WORKER}`, import.meta.url) : new URL('./subset-worker-boot.mjs', import.meta.url);

interface Pending {
  resolve: (reply: SubsetReply) => void;
  reject: (error: Error) => void;
}

type SubsetterThread = RequestThread<Pending>;

let thread: SubsetterThread | undefined;
let nextId = 1;

function startThread(): SubsetterThread {
  trace('fonts: subsetter thread started');
  const worker = new Worker(workerScript, { execArgv: [], workerData: { timeOrigin: performance.timeOrigin } });
  const self: SubsetterThread = new RequestThread<Pending>(worker, (stopped) => {
    if (thread === stopped) thread = undefined;
  });
  worker.on('message', (reply: SubsetReply) => self.take(reply.id)?.resolve(reply));
  const fail = (error: Error) => {
    if (thread === self) thread = undefined;
    for (const job of self.takeAll()) job.reject(error);
  };
  // A crash (a wasm trap that escaped, out of memory): what was asked fails with its message; the next request starts a new thread.
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the font subsetter's thread exited with code ${code}`)));
  // After the listeners (a 'message' listener refs the thread): idle, it must not hold the process open.
  worker.unref();
  return self;
}

/**
 * No more subsets are coming (a build has made every document's): stop the
 * thread once it has answered what it was asked, and give back its heap
 * (the fonts read into HarfBuzz's, ~60 MiB) before Chromium lays the pages
 * out, when a build's memory peaks. A later request (WOFF packing for the
 * HTML output when it is not cached) starts a new thread, which reads no
 * font unless a subset asks for one.
 */
export function releaseSubsetter(): void {
  if (!thread) return;
  trace('fonts: subsetter released, no more subsets to make');
  thread.release();
}

/** Whether a subsetter thread is running (tests). */
export function subsetterRunning(): boolean {
  return thread !== undefined;
}

function subsetter(): SubsetterThread {
  return (thread ??= startThread());
}

function ask(request: SubsetRequest & { id: number }, transfer: ArrayBuffer[] = []): Promise<SubsetReply> {
  const self = subsetter();
  return new Promise<SubsetReply>((resolve, reject) => self.send(request.id, { resolve, reject }, request, transfer));
}

async function bytesOf(request: SubsetRequest & { id: number }, transfer?: ArrayBuffer[]): Promise<Buffer> {
  const reply = await ask(request, transfer);
  if ('error' in reply) throw new Error(reply.error);
  if (!('bytes' in reply)) throw new Error(`the font subsetter answered request ${reply.id} without bytes`);
  return Buffer.from(reply.bytes);
}

/**
 * Start the thread ahead of the first subset (tests; a build starts it with
 * loadFaces, once a plan names its fonts, and HarfBuzz's wasm compiles then).
 */
export function startSubsetter(): void {
  subsetter();
}

/**
 * Have the thread make these font files' faces now, one after another,
 * before any subset asks for them. Nothing waits for it: a face that fails
 * to load is reported by the subset that needs it, as without this.
 */
export function loadFaces(files: readonly string[]): void {
  trace('fonts: faces asked of the subsetter thread');
  subsetter().worker.postMessage({ kind: 'load', files: [...new Set(files)] } satisfies SubsetRequest);
}

/** The subset of the font file holding the given (sorted, distinct) characters, as sfnt (see harfbuzz.ts for its settings). */
export function subsetSfnt(file: string, chars: string): Promise<Buffer> {
  return bytesOf({ kind: 'subset', id: nextId++, file, chars });
}

/** The sfnt font packed as WOFF 1.0 (see woff.ts); the font is copied to the thread, not taken. */
export function packWoff(sfnt: Buffer): Promise<Buffer> {
  const copy = new Uint8Array(sfnt);
  return bytesOf({ kind: 'woff', id: nextId++, sfnt: copy }, [copy.buffer]);
}

/**
 * Which characters the font (a subset) maps, as fontCoverage (cmap.ts)
 * tells, but read by the thread's harfbuzzjs: this one then never loads
 * HarfBuzz in a build whose fonts' coverage is remembered (~0.1–0.3 s of
 * it just before the print). Per font bytes, once (a watch session reuses subsets).
 */
export function subsetCoverage(bytes: Buffer): Promise<Coverage> {
  let coverage = coverages.get(bytes);
  if (!coverage) {
    const font = coverageFont(bytes);
    coverage = font
      ? bytesOf({ kind: 'coverage', id: nextId++, font }, [font.buffer as ArrayBuffer]).then((points) =>
          coverageOfCodePoints(new Uint32Array(points.buffer, points.byteOffset, points.byteLength / 4)),
        )
      : Promise.resolve(() => false);
    coverages.set(bytes, coverage);
  }
  return coverage;
}
const coverages = new WeakMap<Buffer, Promise<Coverage>>();

/** How many hb_faces the thread has made (tests: one per font file while they fit the budget). */
export async function facesMade(): Promise<number> {
  const reply = await ask({ kind: 'faces made', id: nextId++ });
  return 'count' in reply ? reply.count : 0;
}

/** Change the thread's budget of font bytes kept loaded (tests; see harfbuzz.ts). */
export async function setFaceBudget(bytes: number): Promise<void> {
  await ask({ kind: 'budget', id: nextId++, bytes });
}

/** Stop the thread now, failing what is pending (tests; a run simply exits). */
export async function stopSubsetter(): Promise<void> {
  await thread?.stop();
}
