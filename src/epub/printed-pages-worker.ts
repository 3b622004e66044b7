// The thread that reads a printed PDF's pages with pdf.js (see printed-pages.ts).
import { parentPort } from 'node:worker_threads';
import { readPdfPages } from './printed-pages-read.ts';
import type { PagesReply } from './printed-pages.ts';

parentPort?.once('message', (pdf: Uint8Array) => {
  void readPdfPages(pdf).then(
    (pages): PagesReply => ({ pages }),
    (error: unknown): PagesReply => ({ failure: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  ).then((reply) => parentPort!.postMessage(reply));
});
