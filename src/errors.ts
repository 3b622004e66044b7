/**
 * An error the user can cause and fix (bad source, unknown layout, missing
 * file). The CLI prints it as one line, `file:line: message`, and exits 1.
 */
export class UserError extends Error {
  readonly file: string | undefined;
  readonly line: number | undefined;

  constructor(message: string, where: { file?: string; line?: number } = {}) {
    super(message);
    this.name = 'UserError';
    this.file = where.file;
    this.line = where.line;
  }

  /** `file:line: message`, the form editors and CI logs link to. */
  format(): string {
    const place = this.file ? `${this.file}${this.line ? `:${this.line}` : ''}: ` : '';
    return `${place}${this.message}`;
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
