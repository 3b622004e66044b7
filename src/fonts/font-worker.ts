// Entry of a font thread (see font-threads.ts): HarfBuzz subsets and WOFF packing, off the main thread.
import { parentPort } from 'node:worker_threads';
import { subsetSfnt } from './harfbuzz.ts';
import { sfntToWoff } from './woff.ts';

export type FontJob = { op: 'subset'; file: string; chars: string } | { op: 'woff'; sfnt: Uint8Array };
export type FontRequest = FontJob & { id: number };
export type FontReply = { id: number; bytes: Uint8Array } | { id: number; error: string };

const port = parentPort!;
port.on('message', (request: FontRequest) => {
  const work = request.op === 'subset' ? subsetSfnt(request.file, request.chars) : Promise.resolve().then(() => sfntToWoff(Buffer.from(request.sfnt.buffer, request.sfnt.byteOffset, request.sfnt.byteLength)));
  work.then(
    (bytes) => port.postMessage({ id: request.id, bytes } satisfies FontReply),
    (error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies FontReply),
  );
});
