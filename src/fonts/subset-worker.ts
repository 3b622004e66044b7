// The font subsetter's thread (see subset-thread.ts): it owns HarfBuzz's wasm
// instance and the faces loaded into its heap (harfbuzz.ts), and packs WOFF
// (woff.ts, pako), so none of that CPU is spent on the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { setTraceOrigin, trace } from '../trace.ts';
import { facesMade, loadHarfbuzz, preloadFace, setFaceBudget, subsetSfnt } from './harfbuzz.ts';
import { sfntToWoff } from './woff.ts';
import { codePointsOfFont, prepareCoverage } from './cmap.ts';

export type SubsetRequest =
  | { kind: 'load'; files: string[] }
  | { kind: 'subset'; id: number; file: string; chars: string }
  | { kind: 'woff'; id: number; sfnt: Uint8Array }
  | { kind: 'coverage'; id: number; font: Uint8Array }
  | { kind: 'faces made'; id: number }
  | { kind: 'budget'; id: number; bytes: number };

/** Font bytes come back as an ArrayBuffer the reply transfers (no copy); errors as their message. */
export type SubsetReply = { id: number; bytes: ArrayBuffer } | { id: number; count: number } | { id: number; error: string };

setTraceOrigin((workerData as { timeOrigin?: number } | undefined)?.timeOrigin);

/**
 * Jobs wait in two lines: what a build is waiting for (faces, subsets)
 * before WOFF packing, which only the HTML output needs and which may run
 * while Chromium prints. One job at a time, each in its own turn of the
 * event loop, so a subset asked for meanwhile goes ahead of the packing left.
 */
const urgent: (() => Promise<void>)[] = [];
const background: (() => Promise<void>)[] = [];
let running = false;

function enqueue(job: () => Promise<void>, line: typeof urgent): void {
  line.push(job);
  if (!running) {
    running = true;
    setImmediate(runNext);
  }
}

async function runNext(): Promise<void> {
  const job = urgent.shift() ?? background.shift();
  if (!job) {
    running = false;
    return;
  }
  await job();
  setImmediate(runNext);
}

/** The buffer's bytes as an ArrayBuffer of their own (transferable: not a view into Node's shared pool). */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  return bytes.slice().buffer;
}

function answer(id: number, make: () => Promise<Uint8Array> | Uint8Array): () => Promise<void> {
  return async () => {
    let reply: SubsetReply;
    try {
      const bytes = ownBuffer(await make());
      reply = { id, bytes };
      parentPort!.postMessage(reply, [bytes]);
      return;
    } catch (error) {
      reply = { id, error: error instanceof Error ? error.message : String(error) };
    }
    parentPort!.postMessage(reply);
  };
}

parentPort!.on('message', (request: SubsetRequest) => {
  switch (request.kind) {
    case 'load':
      // The wasm compiles now, while the first face is read (a thread started
      // again after a release, only to pack WOFF, never compiles it).
      void loadHarfbuzz().catch(() => undefined);
      // Ahead of the subsets: a face that fails to load is reported by the subset that needs it.
      for (const file of request.files) enqueue(() => preloadFace(file).catch(() => undefined), urgent);
      enqueue(async () => trace('fonts: faces loaded in the subsetter thread'), urgent);
      // The print's coverage check (subsetCoverage) reads the subsets with harfbuzzjs: compiled now, once.
      enqueue(() => prepareCoverage().catch(() => undefined), urgent);
      break;
    case 'subset':
      enqueue(answer(request.id, () => subsetSfnt(request.file, request.chars)), urgent);
      break;
    case 'woff': {
      const { sfnt } = request;
      enqueue(answer(request.id, () => sfntToWoff(Buffer.from(sfnt.buffer, sfnt.byteOffset, sfnt.byteLength))), background);
      break;
    }
    case 'coverage': {
      const { font } = request;
      // The code points as the bytes of a Uint32Array of their own.
      enqueue(answer(request.id, async () => new Uint8Array((await codePointsOfFont(Buffer.from(font.buffer, font.byteOffset, font.byteLength))).buffer)), urgent);
      break;
    }
    case 'faces made':
      parentPort!.postMessage({ id: request.id, count: facesMade() } satisfies SubsetReply);
      break;
    case 'budget':
      setFaceBudget(request.bytes);
      parentPort!.postMessage({ id: request.id, count: 0 } satisfies SubsetReply);
      break;
  }
});
