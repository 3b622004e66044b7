import type { FontFace } from './faces.ts';
import { packWoff, subsetSfnt } from './subset-thread.ts';
import { cachedWoff } from './woff-cache.ts';

/** Characters every page may show besides its text: ASCII, digits, common CJK punctuation. */
export const ALWAYS = (() => {
  let s = '';
  for (let c = 0x20; c < 0x7f; c++) s += String.fromCharCode(c);
  return s + '，。、；：？！（）“”‘’《》〈〉【】「」『』—…·　';
})();

/** A face cut down to a document's characters, in the two forms paiban uses. */
export interface FaceSubset {
  /** The sfnt (TrueType) subset: what Chromium is given to print (no packing to wait for). */
  truetype: Promise<Buffer>;
  /** The same subset as WOFF, for the HTML output; packed on first call, in the subsetter thread (zlib costs ~15–60 ms a face). */
  woff: () => Promise<Buffer>;
}

/**
 * A subset holding only the characters a document uses (its HTML and the
 * CSS `content` strings): ~0.2 MB instead of 15 MB per face, so the HTML
 * output stays small and the renderer loads fonts quickly. All layout
 * features are kept (halt, chws, vert…): punctuation compression needs them.
 * WOFF (zlib) rather than WOFF2: Brotli costs ~0.7 s per face.
 *
 * The WOFF bytes are those subset-font 2.9.0 made (same hb-subset settings,
 * same WOFF packing), but each font file is parsed once per process and
 * kept (see harfbuzz.ts): a second document pays only for its own subset.
 * Both run in the subsetter thread (subset-thread.ts).
 */
export function subsetFonts(face: FontFace, text: string): FaceSubset {
  const chars = charactersOf(text);
  // The subset is a pure function of the face and the characters: an edit
  // that brings no new character (most edits in watch mode) reuses it.
  const key = `${face.file}\0${chars}`;
  let subset = recent.get(key);
  if (!subset) {
    const truetype = subsetSfnt(face.file, chars);
    let woff: Promise<Buffer> | undefined;
    const made: FaceSubset = { truetype, woff: () => (woff ??= truetype.then((sfnt) => cachedWoff(sfnt, packWoff))) };
    truetype.catch(() => recent.delete(key));
    recent.set(key, (subset = made));
    if (recent.size > RECENT_SUBSETS) recent.delete(recent.keys().next().value!);
  }
  return subset;
}

/**
 * The sorted characters of ALWAYS and the text: what a subset holds. The
 * faces of one document share a text (a book's is ~0.3 MB): computed once.
 */
function charactersOf(text: string): string {
  if (lastText?.text !== text) lastText = { text, chars: [...new Set(ALWAYS + text)].sort().join('') };
  return lastText.chars;
}
let lastText: { text: string; chars: string } | undefined;

/** The WOFF subset of a face for the text (see subsetFonts). */
export function subsetFace(face: FontFace, text: string): Promise<Buffer> {
  return subsetFonts(face, text).woff();
}

/** Subsets kept per process, a few per face (a batch of different documents rarely hits; watch mode does). */
const RECENT_SUBSETS = 16;
const recent = new Map<string, FaceSubset>();
