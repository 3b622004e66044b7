import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { MANIFEST } from '../output/write.ts';

export type Format = 'html' | 'pdf' | 'print' | 'epub';
export const FORMATS: readonly Format[] = ['html', 'pdf', 'print', 'epub'];
/** Without --format: the EPUB is asked for by name. */
export const DEFAULT_FORMATS: readonly Format[] = ['html', 'pdf', 'print'];

/** `--format a,b` → the set of formats (all when not given); an unknown name is a user error. */
export function parseFormats(list: string | undefined): Set<Format> {
  if (list === undefined) return new Set(DEFAULT_FORMATS);
  const formats = new Set<Format>();
  for (const item of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!(FORMATS as readonly string[]).includes(item)) throw new UserError(`unknown format "${item}" (formats: ${FORMATS.join(', ')})`);
    formats.add(item as Format);
  }
  if (!formats.size) throw new UserError('--format needs at least one format');
  return formats;
}

/** Whether these formats and options need Chromium: any PDF output. */
export function needsChromium(formats: ReadonlySet<string>, impose: string | undefined): boolean {
  // An EPUB's page list comes from the printed pages: it implies a print pass.
  return formats.has('pdf') || formats.has('print') || formats.has('epub') || impose !== undefined;
}

/** Whether `<outRoot>/<name>/` holds an earlier build's manifest, which may make this build a no-op. */
export function hasEarlierBuild(outRoot: string, name: string): boolean {
  return existsSync(path.join(outRoot, name, MANIFEST));
}

/**
 * Whether a build will almost surely print, so Chromium may start launching
 * (~0.7 s) early: it needs Chromium, and no earlier build can make it a no-op.
 */
export function surelyPrints(formats: ReadonlySet<string>, options: { impose?: string; force?: boolean; outRoot: string; name: string }): boolean {
  return needsChromium(formats, options.impose) && (options.force === true || !hasEarlierBuild(options.outRoot, options.name));
}
