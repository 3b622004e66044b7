import { ParseSpeeds, type LoadOptions, type SaveOptions } from 'pdf-lib';
// Every save goes through SAVE_OPTIONS: stream contents are copied at once (see stream-copy.ts).
import './stream-copy.ts';

// pdf-lib yields to the event loop every 100 objects parsed and every 50
// written, each yield a setTimeout (≥ 1 ms): for a 300-page tagged PDF
// (tens of thousands of objects) that is most of the time spent. paiban
// has nothing else to do meanwhile: parse and write in one go.

/** How paiban reads a PDF with pdf-lib: as it is, in one go. */
export const LOAD_OPTIONS: LoadOptions = { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest };

/** How paiban writes a PDF with pdf-lib: plain objects (no object streams), in one go. */
export const SAVE_OPTIONS: SaveOptions = { useObjectStreams: false, objectsPerTick: Infinity };
