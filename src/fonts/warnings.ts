import path from 'node:path';
import type { FontReport } from '../render/browser.ts';
import { subsetCoverage } from './subset-thread.ts';
import { FALLBACK_FONTS, codePoint, coverageOf } from './fallback.ts';
import { FAMILY, FONT_ROLES, ROLE_LABEL, type FontFace, type FontRole, type ResolvedFonts } from './faces.ts';

const roleOfFamily = new Map<string, FontRole>(FONT_ROLES.map((role) => [FAMILY[role], role]));

/**
 * A test for text that some face in use may lack a glyph for: only such
 * text needs asking Chromium which font drew it. `subsets`: the document's
 * font subsets, made for all of `text` — a character missing from one's
 * small cmap is missing from its font (reading the whole fonts' cmaps,
 * ~30,000 entries each, costs ~0.1 s).
 */
export async function mayNeedFallback(subsets: readonly Buffer[], text: string): Promise<FallbackSuspects> {
  const checks = await Promise.all(subsets.map(subsetCoverage));
  const suspicious = new Set<string>();
  for (const ch of new Set(text)) {
    const cp = ch.codePointAt(0)!;
    if (cp <= 0x20 || (cp >= 0x7f && cp <= 0xa0)) continue;
    if (!checks.every((has) => has(cp))) suspicious.add(ch);
  }
  return {
    any: suspicious.size > 0,
    suspect: (t) => {
      for (const ch of t) if (suspicious.has(ch)) return true;
      return false;
    },
  };
}

/** Whether any text of the document, and which text, has a character some configured font lacks. */
export interface FallbackSuspects {
  any: boolean;
  suspect: (text: string) => boolean;
}

/**
 * The build warnings about fonts, one line each:
 * - a role the document uses that has no font of its own (once per role);
 * - characters that no configured font has, drawn by a platform font,
 *   named with their code points and the source line they are on.
 */
export async function fontWarnings(
  report: FontReport,
  faces: readonly FontFace[],
  fallbacks: ResolvedFonts['fallbacks'],
  markdown: string,
  shownFile: string,
): Promise<string[]> {
  const warnings: string[] = [];
  for (const family of report.failedFamilies) {
    warnings.push(`${shownFile}: a font file of "${family}" failed to load; its text fell back to system fonts`);
  }
  for (const { role, usedRole } of fallbacks) {
    if (!report.familiesUsed.includes(FAMILY[role])) continue;
    const file = faces.find((f) => f.role === role && f.weight === 400)?.file;
    warnings.push(
      `${shownFile}: no font configured for ${ROLE_LABEL[role]}; its text is set in ${ROLE_LABEL[usedRole]}` +
        `${file ? ` (${path.basename(file)})` : ''}. Give one under fonts.${role} in paiban.config.yaml or the front matter`,
    );
  }

  const lines = markdown.split('\n');
  const missing = new Map<string, { roles: Set<string>; platform: Set<string> }>();
  const unexplained: FontReport['fallbacks'] = [];
  for (const fallback of report.fallbacks) {
    const role = roleOfFamily.get(fallback.family);
    const roleFaces = faces.filter((f) => f.role === role);
    const checks = await Promise.all((roleFaces.length ? roleFaces : faces).map((f) => coverageOf(f.file)));
    let found = false;
    for (const ch of new Set(fallback.text)) {
      if (!ch.trim()) continue;
      const cp = ch.codePointAt(0)!;
      if (checks.every((has) => has(cp))) continue;
      found = true;
      const entry = missing.get(ch) ?? { roles: new Set(), platform: new Set() };
      entry.roles.add(role ? ROLE_LABEL[role] : fallback.family);
      // Of the element's fallback fonts, those that have this character.
      for (const p of fallback.platformFonts) {
        const bundled = FALLBACK_FONTS.find((font) => font.name === p);
        if (!bundled || (await coverageOf(bundled.file))(cp)) entry.platform.add(p);
      }
      missing.set(ch, entry);
    }
    if (!found) unexplained.push(fallback);
  }
  for (const [ch, { roles, platform }] of missing) {
    const line = lines.findIndex((l) => l.includes(ch));
    // A character of paiban's own (the footnote ↩) is not the author's to fix: its fallback is the design.
    if (line < 0) continue;
    warnings.push(`${shownFile}:${line + 1}: no glyph for ${ch} (${codePoint(ch)}) in ${[...roles].join(', ')}; drawn by fallback font ${[...platform].map((p) => `"${p}"`).join(', ')}`);
  }
  for (const fallback of unexplained) {
    const excerpt = fallback.text.trim().slice(0, 20);
    const line = lines.findIndex((l) => l.includes(excerpt.slice(0, 8)));
    const where = line >= 0 ? `${shownFile}:${line + 1}` : shownFile;
    warnings.push(`${where}: text "${excerpt}" was drawn in part by fallback font ${fallback.platformFonts.map((p) => `"${p}"`).join(', ')}`);
  }
  return warnings;
}
