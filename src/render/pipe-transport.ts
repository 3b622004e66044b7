import type { Readable, Writable } from 'node:stream';
import type { ConnectionTransport } from 'puppeteer-core';

/**
 * The DevTools protocol over Chromium's `--remote-debugging-pipe` (fd 3 in,
 * fd 4 out): JSON messages, each ended by a NUL byte. puppeteer-core keeps
 * its own such transport internal; this is the public interface for
 * `puppeteer.connect({ transport })` to a Chromium paiban started itself.
 */
export class PipeTransport implements ConnectionTransport {
  onmessage?: (message: string) => void;
  onclose?: () => void;
  private pending: Buffer[] = [];
  private closed = false;

  constructor(
    private readonly toChromium: Writable,
    fromChromium: Readable,
  ) {
    fromChromium.on('data', (chunk: Buffer) => this.receive(chunk));
    fromChromium.on('close', () => this.onclose?.());
    // A broken pipe shows as 'close' (Chromium gone): nothing more to do with the error itself.
    fromChromium.on('error', () => undefined);
    toChromium.on('error', () => undefined);
  }

  send(message: string): void {
    if (this.closed) return;
    this.toChromium.write(`${message}\0`);
  }

  close(): void {
    this.closed = true;
  }

  private receive(chunk: Buffer): void {
    let end = chunk.indexOf(0);
    if (end === -1) {
      this.pending.push(chunk);
      return;
    }
    let start = 0;
    while (end !== -1) {
      const message = Buffer.concat([...this.pending, chunk.subarray(start, end)]).toString('utf8');
      this.pending = [];
      // Delivered one per task, as puppeteer's own transport does.
      setImmediate(() => this.onmessage?.(message));
      start = end + 1;
      end = chunk.indexOf(0, start);
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
  }
}
