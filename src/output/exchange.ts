import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * renameat2's number where it has been checked (x86-64: 316 in
 * arch/x86/entry/syscalls/syscall_64.tbl; arm64: 276 in
 * include/uapi/asm-generic/unistd.h). Elsewhere no exchange is tried: a
 * wrong number would make a different system call.
 */
const RENAMEAT2: Partial<Record<string, number>> = { x64: 316, arm64: 276 };
const AT_FDCWD = -100;
const RENAME_EXCHANGE = 2;
/** Debian's perl-base is Essential (always installed); a perl found on PATH is not trusted. */
const PERL = '/usr/bin/perl';
/** What tells the waiting Perl to make the call. */
export const EXCHANGE_NOW = 'x';
const TIMEOUT_MS = 30_000;

/** An exchange made ready ahead (see prepareExchange). */
export interface PreparedExchange {
  /** Swap the two folders now: true when done, false when it could not be (the caller falls back to two renames). */
  run(): Promise<boolean>;
  /** Not wanted after all: the waiting Perl exits without a call. */
  cancel(): void;
}

/**
 * Ready to swap two folders in one atomic step, renameat2(RENAME_EXCHANGE):
 * at every instant each path names one whole folder. Node has no binding for
 * it, so Perl's syscall() makes the call. Perl is started now and waits for
 * EXCHANGE_NOW on its stdin, so starting it (tens of ms) is done while the
 * caller writes the files, not when it publishes them. A Perl whose stdin
 * closes first (cancel(), or this process killed) exits without a call.
 * Undefined where it cannot be done (not Linux on x86-64 or arm64, no
 * /usr/bin/perl, PAIBAN_NO_EXCHANGE set); run() gives false where the file
 * system has no exchange or `b` does not exist.
 */
export function prepareExchange(a: string, b: string): PreparedExchange | undefined {
  const number = RENAMEAT2[process.arch];
  if (process.platform !== 'linux' || number === undefined || process.env['PAIBAN_NO_EXCHANGE'] || !existsSync(PERL)) return undefined;
  const script = `read(STDIN, my $now, 1) == 1 or exit 2; syscall(${number}, ${AT_FDCWD}, $ARGV[0], ${AT_FDCWD}, $ARGV[1], ${RENAME_EXCHANGE}) == 0 or exit 1`;
  const child = spawn(PERL, ['-e', script, '--', a, b], { stdio: ['pipe', 'ignore', 'ignore'], env: {} });
  const exited = new Promise<boolean>((resolve) => {
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
  // A Perl gone before it was told (its stdin then fails to take the byte) is a failed exchange, not an error.
  child.stdin.on('error', () => undefined);
  return {
    run: async () => {
      const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
      try {
        child.stdin.end(EXCHANGE_NOW);
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
    cancel: () => child.stdin.end(),
  };
}
