import { z } from 'zod';

/** A finished page size in millimetres. */
export interface TrimSize {
  name: string;
  width: number;
  height: number;
}

/** Sizes Chinese printers quote by name (GB/T 788 and ISO 216). */
export const NAMED_TRIMS: Readonly<Record<string, TrimSize>> = {
  A4: { name: 'A4', width: 210, height: 297 },
  A5: { name: 'A5', width: 148, height: 210 },
  '16开': { name: '16开', width: 185, height: 260 },
  '大16开': { name: '大16开', width: 210, height: 285 },
  '32开': { name: '32开', width: 130, height: 184 },
  '大32开': { name: '大32开', width: 140, height: 203 },
};

const CUSTOM = /^(\d{2,4}(?:\.\d+)?)\s*[x×]\s*(\d{2,4}(?:\.\d+)?)(?:\s*mm)?$/i;

/** `A4`, `16开`, `大32开`, `A5`, or `WxH` in millimetres. */
export function parseTrim(value: string): TrimSize | undefined {
  const named = NAMED_TRIMS[value.trim()];
  if (named) return named;
  const match = CUSTOM.exec(value.trim());
  if (!match) return undefined;
  const width = Number(match[1]);
  const height = Number(match[2]);
  if (width < 50 || height < 50 || width > 1000 || height > 1000) return undefined;
  return { name: `${width}×${height}mm`, width, height };
}

export const TrimSchema = z.string().refine((value) => parseTrim(value) !== undefined, {
  message: `trim must be one of ${Object.keys(NAMED_TRIMS).join(', ')} or WxH in mm, e.g. 170x240`,
});
