import { spawnSync } from 'node:child_process';
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

/**
 * Swap two existing folders in one atomic step, renameat2(RENAME_EXCHANGE):
 * at every instant each path names one whole folder. Node has no binding for
 * it, so Perl's syscall() makes the call. False where that cannot be done
 * (not Linux on x86-64 or arm64, no /usr/bin/perl, a file system without
 * exchange, PAIBAN_NO_EXCHANGE set): the caller falls back to two renames.
 */
export function exchangeFolders(a: string, b: string): boolean {
  const number = RENAMEAT2[process.arch];
  if (process.platform !== 'linux' || number === undefined || process.env['PAIBAN_NO_EXCHANGE'] || !existsSync(PERL)) return false;
  const script = `syscall(${number}, ${AT_FDCWD}, $ARGV[0], ${AT_FDCWD}, $ARGV[1], ${RENAME_EXCHANGE}) == 0 or exit 1`;
  const result = spawnSync(PERL, ['-e', script, '--', a, b], { stdio: 'ignore', env: {}, timeout: 30_000 });
  return result.status === 0;
}
