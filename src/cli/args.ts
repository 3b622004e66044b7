import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** `node:util` parseArgs for a paiban command: a wrong flag is one line pointing at the command's help. */
export function parseCommandArgs<T extends Options>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UserError(`${(error as Error).message.split('\n')[0]} (see paiban ${command} --help)`);
  }
}

/** The longest `--timeout` accepted: an hour is far past any real document (a 417-page table prints in 18 s). */
export const MAX_TIMEOUT_SECONDS = 3600;

/**
 * `--timeout SECONDS` → milliseconds. Bounded above as well: past 2³¹ − 1 ms
 * (24.8 days) Node's timers overflow and fire at once.
 */
export function parseTimeout(value: string | undefined): number {
  const seconds = Number(value ?? '60');
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_TIMEOUT_SECONDS) {
    throw new UserError(`--timeout must be a number of seconds from more than 0 up to ${MAX_TIMEOUT_SECONDS}, not "${value}"`);
  }
  return Math.ceil(seconds * 1000);
}
