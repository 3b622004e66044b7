import { Worker } from 'node:worker_threads';

/** One page of the printed PDF: its folio and its text pieces in content order. */
export interface PrintedPage {
  /** The page label the PDF carries (/PageLabels), e.g. "12", "ii", "封面"; the 1-based page number without labels. */
  label: string;
  items: string[];
}

export type PagesReply = { pages: PrintedPage[] } | { failure: string };

/**
 * The bundle (scripts/bundle.mjs) defines this as the file name of the
 * bundled page reader beside it in dist/. Run from src/ under tsx, it is not
 * defined, and a boot file registers tsx in the thread first.
 */
declare const PAIBAN_PAGES_WORKER: string | undefined;
const workerScript =
  typeof PAIBAN_PAGES_WORKER === 'string' ? new URL(`./${PAIBAN_PAGES_WORKER}`, import.meta.url) : new URL('./printed-pages-worker-boot.mjs', import.meta.url);

/**
 * The text and folio of each page of the PDF paiban printed (the EPUB's page
 * list), read by pdf.js in a thread of its own. pdf.js's legacy build (the
 * one for Node 20) replaces JSON.parse, JSON.stringify, Array.prototype.push
 * and more with core-js polyfills for the whole realm it loads in: in the
 * build's own thread every later CDP message and printed PDF went through
 * them (seconds of garbage collection per book). In a worker, they stay
 * there.
 */
export function readPrintedPages(pdfBytes: Uint8Array): Promise<PrintedPage[]> {
  const worker = new Worker(workerScript, { execArgv: [] });
  return new Promise<PrintedPage[]>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      outcome();
    };
    worker.once('message', (reply: PagesReply) =>
      finish(() => ('pages' in reply ? resolve(reply.pages) : reject(new Error(`reading the printed PDF's pages failed: ${reply.failure}`)))),
    );
    worker.once('error', (error: Error) => finish(() => reject(new Error(`reading the printed PDF's pages failed: ${error.message}`))));
    worker.once('exit', (code) => finish(() => reject(new Error(`the page reader thread exited with code ${code}`))));
    // A copy: the bytes are the caller's, and pdf.js takes ownership of what it is given.
    const copy = new Uint8Array(pdfBytes);
    worker.postMessage(copy, [copy.buffer]);
  });
}
