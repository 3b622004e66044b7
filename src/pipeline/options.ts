import type { Resource } from '../render/browser.ts';
import type { OutputFile } from '../output/write.ts';

import type { Format } from './formats.ts';

export { FORMATS, type Format } from './formats.ts';

export interface BuildOptions {
  /** The output root; each document goes to `<outRoot>/<doc>/`. */
  outRoot: string;
  formats: ReadonlySet<Format>;
  timeoutMs: number;
  progress: (step: string) => void;
  /** The edition to build (default: the first declared). */
  edition?: string;
  allEditions?: boolean;
  /** Rebuild even when the inputs match the last manifest. */
  force?: boolean;
  /** A problem that does not stop the build (preflight findings). */
  warn?: (message: string) => void;
  /** Something the build did that the author may want to know (never fails --strict). */
  note?: (message: string) => void;
  /** Also write `<doc>.pdfx.pdf`: the print PDF in CMYK through Ghostscript. */
  pdfx?: boolean;
  /** Fail the document on any warning (`build --strict`, or `strict: true` in the configuration): nothing is written. */
  strict?: boolean;
  /** Also write `<doc>.saddle.pdf`: the pages two-up in saddle-stitch order. */
  impose?: 'saddle';
  /** Sees exactly what Chromium is given to print (benchmarks compare against a bare print of it). */
  onPrintResources?: (resources: ReadonlyMap<string, Resource>) => void | Promise<void>;
  /**
   * The document needs Chromium no more (printed, skipped or failed): a run
   * can close it while this document's outputs are still being finished.
   */
  donePrinting?: () => void;
  /** The document's source has been read and parsed (or it will not be): a run can stop the parser thread once every document's is. */
  doneParsing?: () => void;
  /**
   * The document asks for no more font subsets (its fonts are made, or it
   * was skipped or failed): a run can stop the subsetter thread once every
   * document's are.
   */
  doneSubsetting?: () => void;
  /** The HTML output and its assets, as soon as they exist, before any PDF is printed (watch mode serves them). */
  onHtml?: (files: readonly OutputFile[]) => void;
}

export interface DocumentResult {
  name: string;
  outDir: string;
  outputs: { role: string; path: string; bytes: number; pages?: number }[];
  seconds: number;
  /** Nothing changed since the manifest in the output folder: nothing was built. */
  skipped: boolean;
  /** The font files the edition's plan resolved (src/incremental/record-writer.ts stamps them). */
  fontFiles?: readonly string[];
}
