import { PDFDict, PDFName, type PDFDocument } from 'pdf-lib';
import { parseOperations } from '../pdf/content.ts';
import { flateStream, pageContentText } from './streams.ts';

/**
 * Press black. Chromium paints black text, rules and folios as RGB 0 0 0,
 * which a CMYK conversion turns into four-colour black (equal C, M, Y and K:
 * four plates that must register for every letter). For the press, exact
 * black becomes K only (DeviceCMYK 0 0 0 1, which Ghostscript's CMYK
 * conversion leaves alone) and overprints (ISO 12647 practice: no white
 * hairline around black type on a tint when plates shift); every other
 * colour is left to the ICC conversion and knocks out as before.
 */

/** ExtGStates set with each colour change: which of fill (op) and stroke (OP) overprint. */
const STATES = {
  none: { name: 'PaibanKnockout', fill: false, stroke: false },
  fill: { name: 'PaibanOverprintFill', fill: true, stroke: false },
  stroke: { name: 'PaibanOverprintStroke', fill: false, stroke: true },
  both: { name: 'PaibanOverprint', fill: true, stroke: true },
} as const;

/** Colour operators, and whether they set the fill (lower case) or the stroke colour. */
const FILL_OPS = new Set(['rg', 'g', 'k', 'sc', 'scn', 'cs']);
const STROKE_OPS = new Set(['RG', 'G', 'K', 'SC', 'SCN', 'CS']);

/** Whether operands of a colour operator are exact black in DeviceRGB or DeviceGray. */
function isBlack(operator: string, operands: string[]): boolean {
  const op = operator.toLowerCase();
  if (op === 'rg') return operands.length === 3 && operands.every((v) => Number(v) === 0);
  if (op === 'g') return operands.length === 1 && Number(operands[0]) === 0;
  return false;
}

/**
 * Rewrite one content stream: exact black fill/stroke → `0 0 0 1 k`/`K`,
 * followed by the ExtGState that makes black overprint and anything else
 * knock out. The graphics state is tracked through q/Q, so a restored
 * colour keeps its overprint state. Returns undefined when nothing is black.
 */
export function pressBlackContent(content: string): string | undefined {
  let out = '';
  let last = 0;
  let changed = false;
  let state = { fill: false, stroke: false };
  const stack: (typeof state)[] = [];
  for (const { operator: token, operands, start, end } of parseOperations(content)) {
    if (token === 'BI') return undefined; // inline images: leave the page as it is
    if (token === 'q') stack.push(state);
    else if (token === 'Q') state = stack.pop() ?? { fill: false, stroke: false };
    else if (FILL_OPS.has(token) || STROKE_OPS.has(token)) {
      const fill = FILL_OPS.has(token);
      const black = isBlack(token, operands.map((o) => o.raw));
      const next = fill ? { ...state, fill: black } : { ...state, stroke: black };
      let replacement = black ? `0 0 0 1 ${fill ? 'k' : 'K'}` : content.slice(start, end);
      if (next.fill !== state.fill || next.stroke !== state.stroke || black) {
        replacement += ` /${stateOf(next).name} gs`;
      }
      if (black || next.fill !== state.fill || next.stroke !== state.stroke) {
        out += content.slice(last, start) + replacement;
        last = end;
        changed ||= black;
      }
      state = next;
    }
  }
  if (!changed) return undefined;
  return out + content.slice(last);
}

function stateOf(s: { fill: boolean; stroke: boolean }): (typeof STATES)[keyof typeof STATES] {
  return s.fill && s.stroke ? STATES.both : s.fill ? STATES.fill : s.stroke ? STATES.stroke : STATES.none;
}

/** Every page of the PDF: black to K only, overprinting (see above). */
export function pressBlack(pdf: PDFDocument): void {
  for (const page of pdf.getPages()) {
    const rewritten = pressBlackContent(pageContentText(pdf, page.node));
    if (rewritten === undefined) continue;
    // The old streams stay (pages share the crop marks' stream): this copy is only Ghostscript's input.
    page.node.set(PDFName.of('Contents'), pdf.context.register(flateStream(pdf, Buffer.from(rewritten, 'latin1'))));
    // The page's own Resources (Chromium writes them per page; an inherited dictionary is copied down).
    const resources = page.node.Resources() ?? pdf.context.obj({});
    page.node.set(PDFName.of('Resources'), resources);
    let states = resources.lookup(PDFName.of('ExtGState'));
    if (!(states instanceof PDFDict)) {
      states = pdf.context.obj({});
      resources.set(PDFName.of('ExtGState'), states);
    }
    for (const s of Object.values(STATES)) {
      (states as PDFDict).set(PDFName.of(s.name), pdf.context.obj({ Type: 'ExtGState', op: s.fill, OP: s.stroke, OPM: 1 }));
    }
  }
}
