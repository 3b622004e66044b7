import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { templatesDir } from '../paths.ts';
import type { TemplateOverrides } from './render.ts';

// Which layouts exist, apart from render.ts on purpose: checking a layout's
// name (the source stage, and so every skipped build) needs no Handlebars,
// whose ~240 KB took a fifth of a skip to load.

let builtIn: { layouts: Map<string, string>; partials: Map<string, string> } | undefined;

/** The built-in layouts and partials (templates/), by name: read once per run. */
export function builtInSources(): NonNullable<typeof builtIn> {
  if (builtIn) return builtIn;
  const read = (dir: string) =>
    new Map(readdirSync(dir).filter((f) => f.endsWith('.hbs')).sort().map((f) => [path.basename(f, '.hbs'), readFileSync(path.join(dir, f), 'utf8')] as const));
  builtIn = { partials: read(path.join(templatesDir, 'partials')), layouts: read(path.join(templatesDir, 'layouts')) };
  return builtIn;
}

/** Read templates/ again on next use (watch mode). */
export function forgetBuiltInSources(): void {
  builtIn = undefined;
}

/** The layouts there are: built in, and the project's own (`overrides`), sorted. */
export function layoutNames(overrides?: TemplateOverrides): string[] {
  return [...new Set([...builtInSources().layouts.keys(), ...(overrides?.layouts.keys() ?? [])])].sort((a, b) => (a < b ? -1 : 1));
}

/** Check a layout name early, so the error names the front matter line. */
export function assertLayout(name: string, where: { file: string; line?: number }, overrides?: TemplateOverrides): void {
  const names = layoutNames(overrides);
  if (!names.includes(name)) throw new UserError(`unknown layout "${name}" (known: ${names.join(', ')})`, where);
}
