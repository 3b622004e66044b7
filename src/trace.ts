/**
 * PAIBAN_TRACE=1: one stderr line per milestone, in ms since the process
 * started (benchmarks read where a whole run's time goes; users may too).
 */
const enabled = Boolean(process.env.PAIBAN_TRACE);

export function trace(label: string): void {
  if (enabled) process.stderr.write(`paiban: trace ${performance.now().toFixed(0)} ms ${label}\n`);
}
