import path from 'node:path';
import { isUserError, UserError } from '../errors.ts';
import { displayPath } from '../paths.ts';
import { SOURCE_FILE } from '../source/load.ts';

/**
 * The one line to print for a document that failed: every failure names the
 * document's source file — a render timeout or a Chromium crash as much as a
 * bad field — and an unexpected error is still one line, not a stack trace
 * (PAIBAN_DEBUG=1 prints the stack as well).
 */
export function documentError(error: unknown, docDir: string): UserError {
  const file = displayPath(path.join(path.resolve(docDir), SOURCE_FILE));
  if (isUserError(error)) return error.file ? error : new UserError(error.message, { file });
  if (process.env['PAIBAN_DEBUG']) console.error(error);
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  return new UserError(`internal error: ${message} (set PAIBAN_DEBUG=1 for details)`, { file });
}
