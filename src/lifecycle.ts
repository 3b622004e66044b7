/**
 * What must happen however a run ends — success, failure, Ctrl-C, `kill`:
 * Chromium stopped, its profile folder removed, staging folders and output
 * locks removed, and an output commit already under way finished first so
 * `output/<doc>/` is never left half-renamed.
 *
 * Modules register cleanups here; the first registration installs handlers
 * for SIGINT, SIGTERM and SIGHUP that run them and exit with 128 + signal.
 */

export interface Cleanup {
  /** Run on a signal (may be async; bounded by a deadline). */
  async: () => Promise<void> | void;
  /** Run on process exit, when nothing asynchronous can run any more. */
  sync?: () => void;
}

const cleanups = new Set<Cleanup>();
const critical = new Set<Promise<unknown>>();
let installed = false;
let exiting = false;

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

/** Register a cleanup; call the returned function once it is no longer needed. */
export function onTermination(cleanup: Cleanup): () => void {
  install();
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}

/**
 * Run `work` so that a signal arriving meanwhile waits for it to finish
 * before exiting (used for the renames that publish outputs: milliseconds).
 */
export async function uninterruptible<T>(work: () => Promise<T>): Promise<T> {
  const running = work();
  const settled = running.then(
    () => undefined,
    () => undefined,
  );
  critical.add(settled);
  try {
    return await running;
  } finally {
    critical.delete(settled);
  }
}

/** True once a termination signal arrived: long work should stop starting new steps. */
export function isTerminating(): boolean {
  return exiting;
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const [name, number] of Object.entries(SIGNALS)) {
    process.on(name as NodeJS.Signals, () => void terminate(name, 128 + number));
  }
  // Last resort for any exit path that skipped the cleanups (process.exit, a crash).
  process.on('exit', () => {
    for (const cleanup of cleanups) {
      try {
        cleanup.sync?.();
      } catch {
        // Exiting anyway.
      }
    }
  });
}

async function terminate(signal: string, code: number): Promise<void> {
  if (exiting) return; // A second Ctrl-C while cleaning up: keep cleaning, the deadline below still holds.
  exiting = true;
  // Referenced on purpose: it keeps the process alive until the cleanups are done.
  setTimeout(() => process.exit(code), 10_000);
  try {
    await Promise.allSettled([...critical]);
    await Promise.allSettled([...cleanups].map(async (cleanup) => cleanup.async()));
  } finally {
    process.stderr.write(`paiban: interrupted (${signal}); nothing was left half-written\n`);
    process.exit(code);
  }
}
