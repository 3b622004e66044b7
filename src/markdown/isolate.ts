import { deserialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { Root } from 'mdast';
import { UserError } from '../errors.ts';
import { formatSize, limitsFromEnv, type Limits } from '../limits.ts';
import { trace } from '../trace.ts';
import { RequestThread } from '../threads/request-thread.ts';
import type { ParseReply, ParseRequest } from './parse-worker.ts';

/**
 * Parse Markdown in a worker thread with a heap limit and a deadline.
 * CommonMark parsers are quadratic on some inputs (thousands of nested
 * quotes, `*a` repeated 100,000 times in one paragraph) and recursive
 * utilities overflow the stack on deep trees: in a worker, such a source
 * costs at most PAIBAN_PARSE_TIMEOUT seconds and PAIBAN_PARSE_MEMORY MiB,
 * then fails with one line instead of hanging or crashing the run.
 *
 * One worker serves every document of a run; it holds the process open only
 * while it is parsing.
 */
interface Pending {
  resolve: (tree: Root) => void;
  reject: (error: Error) => void;
  shownFile: string;
  limits: Limits;
}

type ParserThread = RequestThread<Pending>;

/**
 * The bundle (scripts/bundle.mjs) defines this as the file name of the
 * bundled parser script beside it in dist/. Run from src/ under tsx, it is
 * not defined, and a boot file registers tsx in the thread first.
 */
declare const PAIBAN_PARSE_WORKER: string | undefined;
const workerScript =
  typeof PAIBAN_PARSE_WORKER === 'string' ? new URL(`./${PAIBAN_PARSE_WORKER}`, import.meta.url) : new URL('./parse-worker-boot.mjs', import.meta.url);

let thread: ParserThread | undefined;
/** The heap limit the running thread was started with (a parse with another limit needs a new thread). */
let threadMemoryMb = 0;
let nextId = 1;

function startThread(memoryMb: number): ParserThread {
  const worker = new Worker(workerScript, {
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: memoryMb, stackSizeMb: 8 },
  });
  const self: ParserThread = new RequestThread<Pending>(worker, (stopped) => {
    if (thread === stopped) thread = undefined;
  });
  worker.on('message', (reply: ParseReply) => {
    const job = self.take(reply.id);
    if (!job) return;
    if ('problem' in reply) {
      job.reject(new UserError(reply.problem.message, { file: job.shownFile, line: reply.problem.line }));
      return;
    }
    try {
      job.resolve(deserialize(reply.tree) as Root);
    } catch (error) {
      job.reject(error as Error);
    }
  });
  const fail = (error: Error) => {
    if (thread === self) thread = undefined;
    for (const job of self.takeAll()) {
      const outOfMemory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      job.reject(
        outOfMemory
          ? new UserError(`needs more than ${formatSize(job.limits.parseMemoryMb * 1024 * 1024)} of memory to parse (limit PAIBAN_PARSE_MEMORY)`, { file: job.shownFile })
          : new Error(`the Markdown parser failed: ${error.message}`),
      );
    }
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`parser thread exited with code ${code}`)));
  // After the listeners: adding a 'message' listener refs the thread again.
  // Idle (started ahead by startParser), it must not hold the process open.
  worker.unref();
  return self;
}

/**
 * No more parses are coming (a build has read every document's source):
 * stop the thread once it has answered what it was asked, and give back its
 * heap (~35 MiB at a booklet's peak). A parse asked for later starts a new one.
 */
export function releaseParser(): void {
  if (!thread) return;
  trace('parser: released, no more sources to parse');
  thread.release();
}

/** Whether a parser thread is running (tests). */
export function parserRunning(): boolean {
  return thread !== undefined;
}

/** Markdown text → mdast, checked against the depth and node limits, in the parser thread. */
export function parseIsolated(markdown: string, shownFile: string, limits: Limits): Promise<Root> {
  trace('parser: text sent to the parser thread');
  const self = parserThread(limits.parseMemoryMb);
  const id = nextId++;
  return new Promise<Root>((resolve, reject) => {
    const timer = setTimeout(() => {
      if (!self.take(id)) return;
      // The parser may be stuck in a loop: only stopping the thread stops it.
      void self.stop();
      for (const job of self.takeAll()) job.reject(new Error('the Markdown parser was stopped'));
      reject(
        new UserError(`took longer than ${limits.parseTimeoutMs / 1000} s to parse (limit PAIBAN_PARSE_TIMEOUT); is it machine-generated?`, {
          file: shownFile,
        }),
      );
    }, limits.parseTimeoutMs);
    const done = <T>(fn: (value: T) => void) => (value: T) => {
      clearTimeout(timer);
      fn(value);
    };
    self.send(id, { resolve: done(resolve), reject: done(reject), shownFile, limits }, { id, markdown, limits: { maxDepth: limits.maxDepth, maxNodes: limits.maxNodes } } satisfies ParseRequest);
  });
}

function parserThread(memoryMb: number): ParserThread {
  if (!thread || threadMemoryMb !== memoryMb) {
    void thread?.worker.terminate();
    thread = startThread(memoryMb);
    threadMemoryMb = memoryMb;
  }
  return thread;
}

/**
 * Start the parser thread ahead of the first parse: it loads its modules
 * while the main thread loads the command's (the CLI calls this before it
 * imports build, watch or verify). Limits from the environment, as
 * readDocumentSafely uses by default; a bad value is reported there, not here.
 */
export function startParser(): void {
  let limits: Limits;
  try {
    limits = limitsFromEnv();
  } catch {
    return;
  }
  parserThread(limits.parseMemoryMb);
}

/** Stop the parser thread (tests; a run simply exits). */
export async function stopParser(): Promise<void> {
  await thread?.stop();
}
