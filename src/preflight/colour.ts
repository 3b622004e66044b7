import { PDFArray, PDFDict, PDFName, PDFNumber, PDFStream, type PDFDocument } from 'pdf-lib';
import type { Operation } from '../pdf/content.ts';

/**
 * What a press checks about colour: content in RGB (it must be separated
 * into CMYK before plates are made) and rich black (black set with C, M and
 * Y under it: text that needs four plates to register).
 */
export interface ColourUse {
  /** Text or vector graphics painted in an RGB colour space. */
  rgbVector: boolean;
  /** Images in an RGB colour space. */
  rgbImages: number;
  /** Fill or stroke colours in DeviceCMYK with K ≥ 80 % and some C, M or Y (a converted RGB black comes out near 72 68 67 88). */
  richBlack: string[];
}

export function emptyColourUse(): ColourUse {
  return { rgbVector: false, rgbImages: 0, richBlack: [] };
}

/** Whether a colour space (a name or an array, with the page's ColorSpace resources) is RGB. */
export function isRgbSpace(pdf: PDFDocument, space: unknown, resources: PDFDict | undefined, depth = 0): boolean {
  if (depth > 4 || space === undefined) return false;
  const resolved = space instanceof PDFDict || space instanceof PDFArray || space instanceof PDFName ? space : pdf.context.lookup(space as never);
  if (resolved instanceof PDFName) {
    const name = resolved.decodeText();
    if (name === 'DeviceRGB' || name === 'CalRGB') return true;
    if (['DeviceCMYK', 'DeviceGray', 'CalGray', 'Pattern'].includes(name)) return false;
    // A named resource (/CS0): its definition.
    const named = resources?.lookupMaybe(PDFName.of('ColorSpace'), PDFDict)?.get(resolved);
    return named !== undefined && isRgbSpace(pdf, named, resources, depth + 1);
  }
  if (resolved instanceof PDFArray) {
    const family = resolved.lookup(0);
    const kind = family instanceof PDFName ? family.decodeText() : '';
    if (kind === 'CalRGB') return true;
    if (kind === 'ICCBased') {
      const profile = resolved.lookup(1);
      const n = profile instanceof PDFStream ? profile.dict.get(PDFName.of('N')) : undefined;
      return n instanceof PDFNumber && n.asNumber() === 3;
    }
    // Indexed and DeviceN/Separation alternates: by their base.
    if (kind === 'Indexed') return isRgbSpace(pdf, resolved.get(1), resources, depth + 1);
    return false;
  }
  return false;
}

const FILLS = new Set(['Tj', 'TJ', "'", '"', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*']);
const STROKES = new Set(['S', 's', 'B', 'B*', 'b', 'b*']);

/** Colour operators of one content stream (its operations), added to `use`. */
export function scanColour(pdf: PDFDocument, operations: readonly Operation[], resources: PDFDict | undefined, use: ColourUse): void {
  // The current fill and stroke colour spaces set by cs/CS are RGB.
  let fillRgb = false;
  let strokeRgb = false;
  const stack: [boolean, boolean][] = [];
  for (const operation of operations) {
    const token = operation.operator;
    // The operands' text, read only by the operators that need it.
    const operands = () => operation.operands.map((o) => o.raw);
    switch (token) {
      case 'q':
        stack.push([fillRgb, strokeRgb]);
        break;
      case 'Q':
        [fillRgb, strokeRgb] = stack.pop() ?? [false, false];
        break;
      case 'rg':
        fillRgb = true;
        break;
      case 'RG':
        strokeRgb = true;
        break;
      case 'g':
      case 'k':
        fillRgb = false;
        break;
      case 'G':
      case 'K':
        strokeRgb = false;
        break;
      case 'cs':
        fillRgb = isRgbSpace(pdf, PDFName.of(operands().at(-1)?.slice(1) ?? ''), resources);
        break;
      case 'CS':
        strokeRgb = isRgbSpace(pdf, PDFName.of(operands().at(-1)?.slice(1) ?? ''), resources);
        break;
    }
    if (token === 'k' || token === 'K') {
      const [c, m, y, k] = operands().slice(-4).map(Number) as [number, number, number, number];
      // 1 1 1 1 is registration colour: crop marks, meant for every plate.
      const registration = c === 1 && m === 1 && y === 1 && k === 1;
      if (k >= 0.8 && c + m + y > 0.05 && !registration) use.richBlack.push(`${c} ${m} ${y} ${k}`);
    }
    if ((fillRgb && FILLS.has(token)) || (strokeRgb && STROKES.has(token))) use.rgbVector = true;
  }
}
