import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './cli.ts';
import { until } from './poll.ts';

export interface WatchRun {
  /** What the process has printed so far. */
  stdout: () => string;
  stderr: () => string;
  /** The preview URL (`http://127.0.0.1:PORT/`), once the server says where it listens. */
  url: () => Promise<string>;
  /** Whether the process is still running. */
  running: () => boolean;
  /** SIGTERM, then its exit code (143 when it stopped as a paiban run should). */
  stop: () => Promise<number | null>;
}

/** Start `paiban watch ARGS` (on port 0) in `cwd`, reading its output as it comes. */
export function spawnWatch(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): WatchRun {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'paiban.js'), 'watch', ...args, '--port', '0'], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // 'close', not 'exit': by then all its output has been read.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    url: () => until('the preview URL', () => /serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1]),
    running: () => child.exitCode === null && child.signalCode === null,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
