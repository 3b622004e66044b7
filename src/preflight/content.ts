/**
 * Where each XObject is drawn: the graphics state (q, Q, cm) followed
 * through a content stream's operations (read by the shared lexer).
 */
import type { Operation } from '../pdf/content.ts';

export type Matrix = [number, number, number, number, number, number];

export interface Placement {
  name: string;
  matrix: Matrix;
}

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

/** Every `Do` in a content stream (its operations) with the transformation in force. */
export function xobjectPlacements(operations: readonly Operation[], start: Matrix = IDENTITY): Placement[] {
  const placements: Placement[] = [];
  const stack: Matrix[] = [];
  let ctm = start;
  for (const { operator, operands } of operations) {
    if (operator === 'q') stack.push(ctm);
    else if (operator === 'Q') ctm = stack.pop() ?? IDENTITY;
    else if (operator === 'cm' && operands.length >= 6) ctm = multiply(operands.slice(-6).map((o) => (o.kind === 'number' ? o.value : 0)) as Matrix, ctm);
    else if (operator === 'Do' && operands.at(-1)?.kind === 'name') placements.push({ name: (operands.at(-1) as { value: string }).value, matrix: ctm });
  }
  return placements;
}
