import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { contentTypeOf } from '../mime.ts';
import { EVENTS_PATH, injectLiveReload } from './inject.ts';

/** Only ever on the loopback interface: the preview is for the person at this machine. */
export const PREVIEW_HOST = '127.0.0.1';

/**
 * Serves a document's HTML output for preview: the newest in-memory build
 * (available before its PDFs are printed), then anything else under the
 * document's output folder (the PDFs). Only the served `index.html` gets the
 * live-reload script; nothing written to disk ever does.
 */
export class PreviewServer {
  private readonly server: Server;
  private readonly clients = new Set<ServerResponse>();
  private files = new Map<string, Buffer>();
  private error: string | null = null;
  private generation = 0;

  constructor(private readonly outDir: string) {
    this.server = createServer((request, response) => void this.handle(request, response));
  }

  async listen(port: number): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, PREVIEW_HOST, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    return `http://${PREVIEW_HOST}:${address.port}/`;
  }

  /** A new HTML build: serve it, and tell open pages to reload. */
  publish(files: readonly { path: string; bytes: Buffer }[]): void {
    this.files = new Map(files.map((file) => [file.path, file.bytes]));
    this.error = null;
    this.generation++;
    this.broadcast('reload', String(this.generation));
  }

  /** A failed build: open pages show the message over the last good page. */
  fail(message: string): void {
    this.error = message;
    this.broadcast('failure', JSON.stringify(message));
  }

  /** The build after a failure succeeded but changed no HTML (e.g. only the PDF was wrong): clear overlays. */
  recover(): void {
    if (this.error === null) return;
    this.error = null;
    this.broadcast('recovered', '');
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.end();
    this.clients.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private broadcast(event: string, data: string): void {
    for (const client of this.clients) client.write(`event: ${event}\ndata: ${data}\n\n`);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!isOwnRequest(request, (this.server.address() as AddressInfo).port)) {
      response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('paiban preview answers only http://127.0.0.1 and http://localhost on its own port\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let key: string;
    try {
      key = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname).replace(/^\/+/, '');
    } catch {
      response.writeHead(400).end();
      return;
    }
    if (`/${key}` === EVENTS_PATH) {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write(`retry: 500\nevent: hello\ndata: ${this.generation}\n\n`);
      this.clients.add(response);
      request.on('close', () => this.clients.delete(response));
      return;
    }
    if (key === '' || key.endsWith('/')) key += 'index.html';
    let body: Buffer | undefined = this.files.get(key);
    if (!body) body = await this.readOutput(key);
    if (!body && key === 'index.html') body = Buffer.from('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>paiban</title></head><body><p>正在排版…</p></body></html>');
    if (!body) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    if (key === 'index.html') body = Buffer.from(injectLiveReload(body.toString('utf8'), { generation: this.generation, error: this.error }));
    response.writeHead(200, { 'content-type': typeOf(key), 'cache-control': 'no-store', 'content-length': body.length });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  /** A file of the written output (the PDFs), never anything outside the document's output folder. */
  private async readOutput(key: string): Promise<Buffer | undefined> {
    const file = path.resolve(this.outDir, ...key.split('/'));
    if (!file.startsWith(this.outDir + path.sep)) return undefined;
    if (key.split('/').some((part) => part.startsWith('.'))) return undefined;
    return readFile(file).catch(() => undefined);
  }
}

/** The names this preview is reached by: loopback only. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Requests for this preview only. A web page elsewhere can make a browser
 * send requests to 127.0.0.1 under its own name (DNS rebinding: evil.example
 * resolving to 127.0.0.1) and read the answers: so the Host header must be a
 * loopback name with this port, and a cross-origin request (an Origin header
 * that is not this preview) is refused — the event stream and the files alike.
 */
export function isOwnRequest(request: Pick<IncomingMessage, 'headers'>, port: number): boolean {
  const host = request.headers.host?.toLowerCase();
  if (!host) return false;
  const own = (authority: string) => {
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(authority);
    return !!m && LOOPBACK_HOSTS.has(m[1]!) && Number(m[2] ?? 80) === port;
  };
  if (!own(host)) return false;
  const origin = request.headers.origin?.toLowerCase();
  if (origin === undefined) return true;
  const m = /^http:\/\/(.+)$/.exec(origin);
  return !!m && own(m[1]!);
}

function typeOf(key: string): string {
  if (key.endsWith('.pdf')) return 'application/pdf';
  if (key.endsWith('.json')) return 'application/json';
  return contentTypeOf(key);
}
