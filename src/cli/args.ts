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
