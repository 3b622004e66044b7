import { UserError } from '../errors.ts';
import type { Edition } from './editions.ts';

/** The editions a build makes: all (`--all-editions`), the one named (`--edition ID`), else the default. */
export function selectEditions(editions: Edition[], options: { edition?: string | undefined; allEditions?: boolean | undefined }, where: { file: string; line?: number | undefined }): Edition[] {
  if (options.allEditions) return editions;
  const chosen = editions.find((e) => (options.edition ? e.id === options.edition : e.isDefault));
  if (!chosen) throw new UserError(`no edition "${options.edition}" (editions: ${editions.map((e) => e.id).join(', ')})`, { file: where.file, line: where.line ?? 1 });
  return [chosen];
}
