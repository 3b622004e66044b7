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

  /** The lines to print, each `file:line: message` (one, unless this error carries several). */
  lines(): string[] {
    return [this.format()];
  }
}

/**
 * Several problems found in one pass over a source (every missing alt,
 * every missing image, every bad field), so the author fixes them in one
 * round instead of one build per problem. Printed one line each, by line.
 */
export class UserErrors extends UserError {
  readonly problems: readonly UserError[];

  constructor(problems: readonly UserError[]) {
    const sorted = [...problems].sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0));
    const first = sorted[0];
    super(sorted.length === 1 ? (first?.message ?? '') : `${sorted.length} problems`, { file: first?.file, line: sorted.length === 1 ? first?.line : undefined });
    this.name = 'UserErrors';
    this.problems = sorted;
  }

  override lines(): string[] {
    return this.problems.flatMap((problem) => problem.lines());
  }

  override format(): string {
    return this.lines().join('\n');
  }
}

/** Throw what was collected: nothing, one error as itself, several as one UserErrors. */
export function throwCollected(problems: readonly UserError[]): void {
  if (problems.length === 1) throw problems[0]!;
  if (problems.length > 1) throw new UserErrors(problems);
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
