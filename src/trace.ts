/**
 * PAIBAN_TRACE=1: one stderr line per milestone, in ms since the process
 * started (benchmarks read where a whole run's time goes; users may too).
 */
const enabled = Boolean(process.env.PAIBAN_TRACE);

/** ms from the process's start to this thread's (a worker thread's clock starts with the thread). */
let offset = 0;

/** In a worker thread: count from the main thread's `performance.timeOrigin` (passed in workerData), as its lines do. */
export function setTraceOrigin(mainTimeOrigin: number | undefined): void {
  if (mainTimeOrigin !== undefined) offset = performance.timeOrigin - mainTimeOrigin;
}

export function trace(label: string): void {
  if (enabled) process.stderr.write(`paiban: trace ${(performance.now() + offset).toFixed(0)} ms ${label}\n`);
}
