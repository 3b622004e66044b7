/**
 * Figures for a gongwen PDF, from glyph positions:
 *   node --import tsx scripts/grid-figures.ts output/<doc>/<doc>.pdf
 * body lines per page, the cells each full line fills (full-width character
 * = 1, compressed or trimmed mark = ½, half-width text its width), and how
 * many all-full-width full lines hold exactly 28 cells.
 */
import { cellsOf } from '../test/support/checks.ts';
import { readGlyphs } from '../test/support/glyphs.ts';
import { MM, bodyLines, isHalfWidth } from '../test/support/typeset.ts';

const CELL = (156 * MM) / 28;
for (const file of process.argv.slice(2)) {
  const pages = await readGlyphs(file);
  const lines = bodyLines(pages, CELL - 0.25 / 28, 156 * MM);
  const cells = new Map<string, number>();
  let pure = 0;
  let pure28 = 0;
  for (const line of lines.flat()) {
    if (!line.full) continue;
    const c = cellsOf(line, CELL);
    const key = (Math.round(c * 2) / 2).toFixed(1);
    cells.set(key, (cells.get(key) ?? 0) + 1);
    if (!line.glyphs.some((g) => isHalfWidth(g.ch))) {
      pure++;
      if (Math.abs(c - 28) < 0.01) pure28++;
    }
  }
  console.log(`${file}: ${pages.length} pages`);
  console.log(`  body lines per page: ${lines.map((p) => p.length).join(' ')}`);
  console.log(`  full lines by cells: ${[...cells].sort().map(([k, n]) => `${k}×${n}`).join(' ')}`);
  console.log(`  all-full-width full lines at exactly 28 cells: ${pure28} of ${pure}`);
}
