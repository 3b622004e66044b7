import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { escapeMarkup } from '../markup.ts';
import { SYMBOL_FALLBACK } from './fallback.ts';

/**
 * A fontconfig of paiban's own for Chromium (FONTCONFIG_FILE), in `dir`
 * (the run's Chromium profile folder): it lists one font, the pinned DejaVu
 * Sans, and none of the machine's. Documents bring every glyph they draw as
 * web fonts (fonts.css, with fallback faces from fallback.ts), so this font
 * is only a last resort that is the same on every machine; without it, the
 * machine's fonts (Debian's Noto CJK, Ghostscript's URW fonts: CFF, embedded
 * as Type 3) would fill any gap and make the PDF depend on what is installed.
 * Returns the file to point FONTCONFIG_FILE at.
 */
export function writeFontconfig(dir: string): string {
  const fonts = path.join(dir, 'paiban-fonts');
  mkdirSync(fonts, { recursive: true });
  // fontconfig reads folders, not files: a folder holding only this font.
  symlinkSync(SYMBOL_FALLBACK.file, path.join(fonts, path.basename(SYMBOL_FALLBACK.file)));
  const file = path.join(dir, 'paiban-fonts.conf');
  writeFileSync(
    file,
    [
      '<?xml version="1.0"?>',
      '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
      '<fontconfig>',
      `  <dir>${escapeMarkup(fonts)}</dir>`,
      `  <cachedir>${escapeMarkup(path.join(dir, 'paiban-fontconfig-cache'))}</cachedir>`,
      '</fontconfig>',
      '',
    ].join('\n'),
  );
  return file;
}

