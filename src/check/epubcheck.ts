import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { makeTempDir } from '../files/temp.ts';
import { JAVA_OPTIONS } from './java.ts';

const run = promisify(execFile);

/** What epubcheck printed for one EPUB (stdout, then stderr), or undefined when it is not installed. */
export type EpubcheckOutputs = Map<string, string> | undefined;

/**
 * Runs epubcheck's own command-line tool (com.adobe.epubcheck.tool.EpubChecker,
 * a fresh one per EPUB, as `epubcheck FILE` does) on each file in turn inside
 * one JVM, and ends each file's output, on stdout and on stderr, with a line
 * of its own. Java runs it from this source (the launcher of JEP 330).
 */
const ONE_JVM_LAUNCHER = `public class PaibanEpubcheckEach {
  public static void main(String[] args) {
    String end = args[0];
    for (int i = 1; i < args.length; i++) {
      new com.adobe.epubcheck.tool.EpubChecker().run(new String[] { args[i] });
      System.out.println(end);
      System.out.flush();
      System.err.println(end);
      System.err.flush();
    }
  }
}
`;

/**
 * epubcheck (from PATH) on every EPUB of a check. Debian installs the jar
 * itself as /usr/bin/epubcheck: then all the EPUBs are checked in one JVM
 * (each JVM start and warm-up cost ~4 CPU-s, more than checking one EPUB
 * does), each by a checker of its own, so each gets the output a run of its
 * own prints. A Java that cannot run a source file (no jdk.compiler), or an
 * epubcheck that is not a jar: one run per EPUB.
 */
export async function runEpubchecks(files: readonly string[]): Promise<EpubcheckOutputs> {
  const found = await findOnPath('epubcheck');
  if (!found) return undefined;
  const outputs = new Map<string, string>();
  const unique = [...new Set(files)];
  if (found.endsWith('.jar') && unique.length > 1) {
    const together = await inOneJvm(found, unique);
    if (together) {
      for (const [i, file] of unique.entries()) outputs.set(file, together[i]!);
      return outputs;
    }
  }
  for (const file of unique) outputs.set(file, await runOnce(found, file));
  return outputs;
}

async function runOnce(found: string, file: string): Promise<string> {
  const [command, args] = found.endsWith('.jar') ? ['java', [...JAVA_OPTIONS, '-jar', found]] : [found, []];
  try {
    const result = await run(command, [...args, file], { maxBuffer: 64 * 1024 * 1024 });
    return result.stdout + result.stderr;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    return (failed.stdout ?? '') + (failed.stderr ?? '') || failed.message;
  }
}

/** Each file's output, in order; undefined if the launcher did not get through all of them. */
async function inOneJvm(jar: string, files: readonly string[]): Promise<string[] | undefined> {
  const temp = await makeTempDir('paiban-epubcheck-');
  try {
    const launcher = path.join(temp.dir, 'PaibanEpubcheckEach.java');
    await writeFile(launcher, ONE_JVM_LAUNCHER);
    // A line no EPUB's messages can hold: a fresh random token.
    const end = `paiban-epubcheck-end-${randomBytes(12).toString('hex')}`;
    let stdout: string;
    let stderr: string;
    try {
      ({ stdout, stderr } = await run('java', [...JAVA_OPTIONS, '-cp', jar, launcher, end, ...files], { maxBuffer: 256 * 1024 * 1024 }));
    } catch {
      return undefined;
    }
    const out = stdout.split(`${end}\n`);
    const err = stderr.split(`${end}\n`);
    if (out.length !== files.length + 1 || err.length !== files.length + 1) return undefined;
    return files.map((_, i) => out[i]! + err[i]!);
  } finally {
    await temp.dispose();
  }
}

async function findOnPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const resolved = await realpath(path.join(dir, name)).catch(() => undefined);
    if (resolved) return resolved;
  }
  return undefined;
}
