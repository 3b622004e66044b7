/**
 * A small reader for PDF content streams: enough to follow the graphics
 * state (q, Q, cm) and see where each XObject is drawn (Do). Strings,
 * arrays and dictionaries are skipped as operands.
 */
export type Matrix = [number, number, number, number, number, number];

export interface Placement {
  name: string;
  matrix: Matrix;
}

/** One content-stream token: a string, dictionary bracket, hex string, array bracket, name, number, operator or comment. */
export const TOKEN = /\((?:\\.|[^\\)])*\)|<<|>>|<[0-9A-Fa-f\s]*>|\[|\]|\/[^\s/<>[\]()%]*|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'"*]+|%[^\n\r]*/g;

export function multiply(a: Matrix, b: Matrix): Matrix {
  return [
    a[0] * b[0] + a[1] * b[2],
    a[0] * b[1] + a[1] * b[3],
    a[2] * b[0] + a[3] * b[2],
    a[2] * b[1] + a[3] * b[3],
    a[4] * b[0] + a[5] * b[2] + b[4],
    a[4] * b[1] + a[5] * b[3] + b[5],
  ];
}

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** Every `Do` in a content stream with the transformation in force. */
export function xobjectPlacements(content: string, start: Matrix = IDENTITY): Placement[] {
  const placements: Placement[] = [];
  const stack: Matrix[] = [];
  let ctm = start;
  let operands: string[] = [];
  for (const [token] of content.matchAll(TOKEN)) {
    if (token.startsWith('%')) continue;
    if (/^[A-Za-z'"*]+$/.test(token) && token !== 'true' && token !== 'false' && token !== 'null') {
      if (token === 'q') stack.push(ctm);
      else if (token === 'Q') ctm = stack.pop() ?? IDENTITY;
      else if (token === 'cm' && operands.length >= 6) ctm = multiply(operands.slice(-6).map(Number) as Matrix, ctm);
      else if (token === 'Do' && operands.length) placements.push({ name: operands.at(-1)!.slice(1), matrix: ctm });
      operands = [];
    } else {
      operands.push(token);
    }
  }
  return placements;
}
