import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, readdirSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './cli.ts';

/** An HTTP listener on 127.0.0.1 that records every connection and request it gets. */
export interface Listener {
  port: number;
  requests: string[];
  connections: number;
  close: () => Promise<void>;
}

export async function startListener(): Promise<Listener> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    response.end('');
  });
  const self = { port: 0, requests, connections: 0, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  server.on('connection', () => self.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  self.port = (server.address() as AddressInfo).port;
  return self;
}

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  pid: number;
}

/**
 * Run the real CLI asynchronously (so a test can watch or signal it).
 * `tmp` becomes its TMPDIR: Chromium's profile folder lands there, which
 * identifies this run's Chromium processes in `ps`.
 */
export function startPaiban(
  args: string[],
  options: { tmp: string; env?: NodeJS.ProcessEnv; cwd?: string },
): { pid: number; done: Promise<Run>; stderr: () => string } {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'paiban.js'), ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, PAIBAN_DEBUG: '', ...options.env, TMPDIR: options.tmp },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<Run>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, pid: child.pid! }));
  });
  return { pid: child.pid!, done, stderr: () => stderr };
}

export function runPaiban(args: string[], options: { tmp: string; env?: NodeJS.ProcessEnv; cwd?: string }): Promise<Run> {
  return startPaiban(args, options).done;
}

/** Processes whose command line mentions `needle` (a run's TMPDIR), from `ps`. */
export function processesMentioning(needle: string): { pid: number; args: string }[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => !!m && m[2]!.includes(needle) && Number(m[1]) !== process.pid)
    .map((m) => ({ pid: Number(m[1]), args: m[2]! }))
    .filter((p) => !/^(ps|grep)\b/.test(p.args));
}

/** Chromium processes of the run whose TMPDIR is `tmp` (their --user-data-dir is inside it). */
export function chromiumOf(tmp: string): ChromiumProcess[] {
  return chromiumWithProfile(path.join(tmp, 'paiban-chromium-'));
}

export interface ChromiumProcess {
  pid: number;
  args: string;
  /** Its --type (the browser process has none: 'browser'). */
  type: string;
  /** A utility process's --utility-sub-type (network.mojom.NetworkService …). */
  subType?: string;
}

/** Chromium processes whose --user-data-dir begins with `profile`. */
export function chromiumWithProfile(profile: string): ChromiumProcess[] {
  return processesMentioning(`--user-data-dir=${profile}`).map((p) => ({
    ...p,
    type: /--type=([\w-]+)/.exec(p.args)?.[1] ?? 'browser',
    subType: /--utility-sub-type=(\S+)/.exec(p.args)?.[1],
  }));
}

/** Every file under a folder → sha256 + mtime (symlinks by target), to prove nothing changed. */
export function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  if (!existsSync(dir)) return files;
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      const info = lstatSync(full);
      if (info.isDirectory()) walk(full);
      else files[path.relative(dir, full)] = `${createHash('sha256').update(readFileSync(full)).digest('hex')} ${info.mtimeMs}`;
    }
  };
  walk(dir);
  return files;
}

/** A document's outputs are complete: the manifest exists and every file it lists is there with its hash. */
export function assertCompleteOutputs(outDir: string): { role: string; path: string }[] {
  const manifest = JSON.parse(readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) as {
    outputs: { role: string; path: string; sha256: string; bytes: number }[];
  };
  for (const output of manifest.outputs) {
    const bytes = readFileSync(path.join(outDir, output.path));
    if (bytes.length !== output.bytes) throw new Error(`${output.path}: ${bytes.length} bytes, manifest says ${output.bytes}`);
    const sha = createHash('sha256').update(bytes).digest('hex');
    if (sha !== output.sha256) throw new Error(`${output.path}: hash differs from the manifest`);
  }
  return manifest.outputs;
}
