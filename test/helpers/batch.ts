// Reading one document's outcome out of a batch build (`paiban build A B … --out X`):
// several tests' documents print with one process and one Chromium, and each
// test reads its own document's lines (issue 18: fewer launches, less CPU).
import path from 'node:path';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The `[k/N] name: wrote …` line the build printed on stdout for the document at `doc`, or undefined. */
export function wroteLine(stdout: string, doc: string): string | undefined {
  const name = path.basename(doc);
  return new RegExp(`^\\[\\d+/\\d+\\] ${escape(name)}: wrote .*$`, 'm').exec(stdout)?.[0];
}

/** The stderr lines that name the document folder `doc` (its path, or a file `name.…` of it). */
export function linesAbout(stderr: string, doc: string): string[] {
  const name = path.basename(doc);
  const about = new RegExp(`(^|[/\\s])${escape(name)}(/|\\.)`);
  return stderr.split('\n').filter((line) => line && about.test(line));
}
