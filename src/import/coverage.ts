import { removeBoilerplate } from './boilerplate.ts';
import { hanCount, type PageTextBlock } from './page-text.ts';

/** How much of a page's main text the import kept, in Han characters. */
export interface Coverage {
  /** Han characters in the page's visible text blocks, furniture lines left out. */
  pageHan: number;
  keptHan: number;
  /** Visible blocks whose text is not in the import, largest first. */
  dropped: { name: string; han: number; text: string }[];
  /** Hidden parts skipped. */
  hidden: { name: string; han: number; text: string }[];
}

/** More than this share of the main text dropped is worth a warning. */
export const DROPPED_SHARE_WARNING = 0.01;
/**
 * Blocks looked up one by one in the imported text; past this (a
 * machine-made page of 100,000 one-character paragraphs) each lookup could
 * scan the whole text, and the rest count by total only.
 */
const MAX_BLOCKS_LOOKED_UP = 20_000;

/**
 * A block counts as kept when its Han characters, in order, appear in the
 * imported text's Han characters: punctuation fixes, bold and line breaks
 * change nothing else. Blocks that the boilerplate rules recognise (a 打印
 * button, a 来源 line) are furniture and not counted.
 */
export function measureCoverage(blocks: readonly PageTextBlock[], hidden: readonly PageTextBlock[], imported: string): Coverage {
  const keptHanText = hanOnly(imported);
  let pageHan = 0;
  let keptHan = 0;
  const dropped: Coverage['dropped'] = [];
  let unchecked = 0;
  for (const [index, block] of blocks.entries()) {
    const text = block.text.replace(/\s+/g, ' ').trim();
    if (removeBoilerplate([text]).removed.length) continue;
    const han = hanCount(text);
    pageHan += han;
    if (index >= MAX_BLOCKS_LOOKED_UP) unchecked += han;
    else if (keptHanText.includes(hanOnly(text))) keptHan += han;
    else dropped.push({ name: block.name, han, text: excerpt(text) });
  }
  // Unchecked blocks are kept as far as the totals allow.
  keptHan += Math.max(0, Math.min(unchecked, keptHanText.length - keptHan));
  dropped.sort((a, b) => b.han - a.han);
  return {
    pageHan,
    keptHan,
    dropped,
    hidden: hidden.map((part) => ({ name: part.name, han: hanCount(part.text), text: excerpt(part.text.replace(/\s+/g, ' ').trim()) })),
  };
}

/** The warnings a coverage gives: hidden parts skipped, and more than 1 % of the text dropped. */
export function coverageWarnings(coverage: Coverage): string[] {
  const warnings: string[] = [];
  for (const part of coverage.hidden) {
    warnings.push(`skipped hidden content (display:none, visibility:hidden or hidden): ${part.name} “${part.text}” (${part.han} Han characters) — unhide it in the page if it belongs to the document`);
  }
  const lost = coverage.pageHan - coverage.keptHan;
  if (coverage.pageHan > 0 && lost / coverage.pageHan > DROPPED_SHARE_WARNING) {
    const named = coverage.dropped.slice(0, 5).map((d) => `${d.name} “${d.text}” (${d.han})`).join('; ');
    warnings.push(`kept ${coverage.keptHan} of ${coverage.pageHan} Han characters of the page's main text (${percent(coverage.keptHan, coverage.pageHan)}); dropped: ${named}${coverage.dropped.length > 5 ? ` and ${coverage.dropped.length - 5} more` : ''}`);
  }
  return warnings;
}

export function percent(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(1)} %`;
}

function hanOnly(text: string): string {
  return (text.match(/\p{Script=Han}/gu) ?? []).join('');
}

function excerpt(text: string): string {
  const chars = Array.from(text);
  return chars.length > 20 ? `${chars.slice(0, 20).join('')}…` : text;
}
