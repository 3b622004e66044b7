import { NO_LINE_END, NO_LINE_START, UNBREAKABLE } from './chars.ts';

export interface LineBreakViolation {
  /** 0-based index of the line in the list given. */
  line: number;
  rule: 'line-start' | 'line-end' | 'split-pair';
  char: string;
}

/**
 * Check set lines of Chinese text (e.g. `pdftotext` output, one string per
 * printed line) against clreq's prohibitions: no line starts with a pause or
 * closing mark, none ends with an opening mark, and …… / —— are never split.
 */
export function findLineBreakViolations(lines: readonly string[]): LineBreakViolation[] {
  const found: LineBreakViolation[] = [];
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const first = Array.from(line)[0]!;
    const last = Array.from(line).at(-1)!;
    const next = lines[index + 1]?.trim() ?? '';
    const splitPair = UNBREAKABLE.find((pair) => line.endsWith(pair[0]!) && !line.endsWith(pair) && next.startsWith(pair[1]!));
    if (splitPair) found.push({ line: index, rule: 'split-pair', char: splitPair });
    const continuesSplitPair = found.at(-1)?.line === index - 1 && found.at(-1)?.rule === 'split-pair';
    if (!continuesSplitPair && index > 0 && NO_LINE_START.includes(first)) {
      found.push({ line: index, rule: 'line-start', char: first });
    }
    if (NO_LINE_END.includes(last)) found.push({ line: index, rule: 'line-end', char: last });
  });
  return found;
}
