// The package ships no types: the two functions paiban and its tests call.
declare module 'woff2sfnt-sfnt2woff' {
  /** A TrueType/OpenType font as WOFF 1.0 (tables deflated by pako, level 6). */
  export function toWoff(sfnt: Buffer): Buffer;
  /** A WOFF 1.0 font back to its sfnt. */
  export function toSfnt(woff: Buffer): Buffer;
}
