import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { withDeferredTierUp } from './wasm-tiering.ts';

/**
 * HarfBuzz's subsetter (hb-subset, the harfbuzzjs wasm build), used directly:
 * one wasm instance per process, in the subsetter thread (subset-worker.ts,
 * the only importer of this module), and each font file parsed into an
 * hb_face once and kept in the wasm heap, so a batch or a watch session pays
 * for compiling the wasm and copying a 10–15 MB font only once; each later
 * subset costs the subset itself (a few ms per face).
 *
 * The subset settings are those subset-font 2.9.0 used with no options but
 * the target format (see `subsetSfnt`), so the output is unchanged.
 */

/** The hb-subset C API as the wasm exports it (pointers and handles are numbers). */
interface HbExports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(size: number): number;
  free(ptr: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_set_clear(set: number): void;
  hb_set_invert(set: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_WRITABLE = 2;
const HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 6;

const require = createRequire(import.meta.url);
let harfbuzz: Promise<HbExports> | undefined;

/** The wasm instance, compiled and instantiated once per process. */
export function loadHarfbuzz(): Promise<HbExports> {
  if (!harfbuzz) {
    const loading = readFile(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'))
      .then((wasm) => withDeferredTierUp(() => WebAssembly.instantiate(wasm)))
      .then(({ instance }) => {
        const hb = instance.exports as unknown as HbExports;
        hb._initialize();
        return hb;
      });
    loading.catch(() => {
      if (harfbuzz === loading) harfbuzz = undefined;
    });
    harfbuzz = loading;
  }
  return harfbuzz;
}

interface LoadedFace {
  file: string;
  /** The font's bytes in the wasm heap (the hb_blob does not own them). */
  ptr: number;
  bytes: number;
  face: number;
  lastUsed: number;
}

/**
 * Font bytes kept in the wasm heap at most (least recently used faces go
 * first). The four built-in faces take ~50 MB; a session that goes through
 * more configured fonts than fit does not keep them all. The wasm heap never
 * shrinks, but freed space is reused by the next font.
 */
let faceBudget = 96 * 1024 * 1024;

/** Change the budget (tests; a memory-tight embedding): faces no subset is using go at once. */
export function setFaceBudget(bytes: number): void {
  faceBudget = bytes;
  void harfbuzz?.then(evictBeyondBudget, () => undefined);
}

/** Faces being made or made, by file. */
const faces = new Map<string, Promise<LoadedFace>>();
/** Faces made and not evicted, by file. */
const loaded = new Map<string, LoadedFace>();
/** Subsets under way per file: their face is not evicted meanwhile. */
const users = new Map<string, number>();
let useClock = 0;
let made = 0;

/** How many hb_faces this process has made: one per font file while they fit the budget. */
export function facesMade(): number {
  return made;
}

/**
 * The font file's hb_face, made once per process (then reused while it fits
 * the budget). `evict`: false when only preloading: a face that does not fit
 * beside the others is left for its subset, instead of evicting one a subset
 * will need next.
 */
function faceOf(file: string, evict = true): Promise<LoadedFace> {
  let face = faces.get(file);
  if (!face) {
    const loading = loadFace(file, evict);
    loading.catch(() => {
      if (faces.get(file) === loading) faces.delete(file);
    });
    faces.set(file, (face = loading));
  }
  return face;
}

/**
 * Make the font file's hb_face now, before a subset asks for it (the thread
 * reads the files while the main thread lays the document out).
 */
export function preloadFace(file: string): Promise<void> {
  const run = queue.then(() => faceOf(file, false).then(() => undefined));
  queue = run.catch(() => undefined);
  return run;
}

async function loadFace(file: string, evict: boolean): Promise<LoadedFace> {
  const hb = await loadHarfbuzz();
  // Read synchronously, straight into the wasm heap: no copy of the 15 MB
  // font outside it, and no memory growth (which detaches views) mid-read.
  const fd = openSync(file, 'r');
  let ptr = 0;
  try {
    const { size } = fstatSync(fd);
    ptr = hb.malloc(size);
    // The wasm heap is fixed (65 MB in harfbuzzjs 1.6.4): a large fallback
    // font (HanaMinB, 30 MB) fits only once the faces no subset is using are gone.
    while (!ptr && evict && evictLeastRecent(hb)) ptr = hb.malloc(size);
    if (!ptr) throw new Error(`out of wasm memory for ${file} (${size} bytes)`);
    for (let at = 0; at < size; ) {
      const bytesRead = readSync(fd, new Uint8Array(hb.memory.buffer, ptr + at, size - at), 0, size - at, at);
      if (!bytesRead) throw new Error(`${file}: shorter than its size (changed while read?)`);
      at += bytesRead;
    }
    const heap = new Uint8Array(hb.memory.buffer);
    const version = (heap[ptr]! << 24) | (heap[ptr + 1]! << 16) | (heap[ptr + 2]! << 8) | heap[ptr + 3]!;
    if (size < 12 || ![0x00010000, 0x74727565, 0x4f54544f].includes(version >>> 0)) throw new Error(`${file}: not a TrueType/OpenType font`);
    const blob = hb.hb_blob_create(ptr, size, HB_MEMORY_MODE_WRITABLE, 0, 0);
    const face = hb.hb_face_create(blob, 0);
    hb.hb_blob_destroy(blob); // the face holds its own reference
    made++;
    const result: LoadedFace = { file, ptr, bytes: size, face, lastUsed: ++useClock };
    ptr = 0;
    loaded.set(file, result);
    evictBeyondBudget(hb);
    return result;
  } finally {
    if (ptr) hb.free(ptr);
    closeSync(fd);
  }
}


/** Free the least recently used face no subset is waiting for; false when there is none. */
function evictLeastRecent(hb: HbExports): boolean {
  return evictLeastRecentExcept(hb, undefined);
}

function evictLeastRecentExcept(hb: HbExports, keep: string | undefined): boolean {
  const face = [...loaded.values()].filter((f) => f.file !== keep && !users.get(f.file)).sort((a, b) => a.lastUsed - b.lastUsed)[0];
  if (!face) return false;
  hb.hb_face_destroy(face.face);
  hb.free(face.ptr);
  loaded.delete(face.file);
  faces.delete(face.file);
  return true;
}

/** Free the least recently used faces no subset is waiting for, down to the budget. */
function evictBeyondBudget(hb: HbExports): void {
  let total = 0;
  for (const face of loaded.values()) total += face.bytes;
  for (const face of [...loaded.values()].sort((a, b) => a.lastUsed - b.lastUsed)) {
    if (total <= faceBudget) break;
    if (users.get(face.file)) continue;
    hb.hb_face_destroy(face.face);
    hb.free(face.ptr);
    loaded.delete(face.file);
    faces.delete(face.file);
    total -= face.bytes;
  }
}

/**
 * The subset of the font file holding the given characters, as an sfnt
 * (TrueType) font. Settings, as subset-font 2.9.0 set them by default:
 * - every OpenType layout feature kept (halt, chws, vpal, vert… — the
 *   equivalent of `--layout-features=*`), with the layout closure on;
 * - HarfBuzz's defaults for the rest: name IDs 0–6, hinting kept, glyph
 *   names dropped, HarfBuzz's default set of tables to drop, no
 *   variation instancing, glyph ids renumbered.
 * The input face is created once per file and shared; HarfBuzz only reads it.
 */
export function subsetSfnt(file: string, chars: string): Promise<Buffer> {
  const run = queue.then(() => subsetNow(file, chars));
  queue = run.catch(() => undefined);
  return run;
}

/**
 * Subsets run one after another: the wasm work is synchronous anyway, and
 * one at a time, a face no subset is using can be evicted to make room for
 * the next (the heap is fixed: 65 MB in harfbuzzjs 1.6.4, where the four
 * built-in faces, a 楷 and a configured font, or HanaMin B, must take turns).
 */
let queue: Promise<unknown> = Promise.resolve();

async function subsetNow(file: string, chars: string): Promise<Buffer> {
  users.set(file, (users.get(file) ?? 0) + 1);
  try {
    const hb = await loadHarfbuzz();
    const { face } = await faceOf(file).then((f) => ((f.lastUsed = ++useClock), f));
    const input = hb.hb_subset_input_create_or_fail();
    if (!input) throw new Error('hb_subset_input_create_or_fail failed');
    let subset = 0;
    try {
      const features = hb.hb_subset_input_set(input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG);
      hb.hb_set_clear(features);
      hb.hb_set_invert(features);
      const unicodes = hb.hb_subset_input_unicode_set(input);
      for (const c of chars) hb.hb_set_add(unicodes, c.codePointAt(0)!);
      subset = hb.hb_subset_or_fail(face, input);
      // Out of working memory in the fixed heap: let the other faces go, and try again.
      while (!subset && evictLeastRecentExcept(hb, file)) subset = hb.hb_subset_or_fail(face, input);
    } finally {
      hb.hb_subset_input_destroy(input);
    }
    if (!subset) throw new Error(`${file}: hb_subset_or_fail failed (a corrupt font?)`);
    const blob = hb.hb_face_reference_blob(subset);
    try {
      const data = hb.hb_blob_get_data(blob, 0);
      const length = hb.hb_blob_get_length(blob);
      if (!length) throw new Error(`${file}: the subset is empty (a corrupt font?)`);
      // A copy out of the wasm heap, in an ArrayBuffer of its own: the thread transfers it.
      const bytes = new Uint8Array(hb.memory.buffer, data, length).slice();
      return Buffer.from(bytes.buffer, 0, length);
    } finally {
      hb.hb_blob_destroy(blob);
      hb.hb_face_destroy(subset);
    }
  } finally {
    const left = users.get(file)! - 1;
    if (left) users.set(file, left);
    else {
      users.delete(file);
      if (harfbuzz) void harfbuzz.then(evictBeyondBudget, () => undefined);
    }
  }
}
