import type { PreflightReport } from './check.ts';

/** The report as lines a person reads: a summary, then one line per finding. */
export function formatPreflight(file: string, report: PreflightReport): string[] {
  const boxes = report.trimBox
    ? `TrimBox ${report.trimBox[0]} × ${report.trimBox[1]} mm${report.bleed === undefined ? '' : `, bleed ${report.bleed} mm`}`
    : 'no TrimBox';
  const type3 = report.fonts.filter((f) => f.type === 'Type3').length;
  const embedded = report.fonts.filter((f) => f.embedded && f.type !== 'Type3').length;
  const lines = [
    `${file}: ${report.pages} pages, MediaBox ${report.mediaBox[0]} × ${report.mediaBox[1]} mm, ${boxes}`,
    `${file}: ${report.fonts.length} fonts, ${embedded} embedded, ${type3} Type 3; ${report.images.length} image placements` +
      (report.images.length ? `, lowest ${Math.round(Math.min(...report.images.map((i) => i.dpi)))} dpi` : ''),
  ];
  for (const finding of report.findings) {
    lines.push(`${file}:${finding.page === undefined ? '' : ` page ${finding.page}:`} ${finding.severity}: ${finding.message}`);
  }
  return lines;
}
