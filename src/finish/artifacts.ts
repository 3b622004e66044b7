/**
 * Chromium paints running heads, folios, rules and backgrounds outside any
 * marked content: neither tagged nor artifact, which PDF/UA forbids. This
 * wraps every run of painting at marked-content depth 0 in
 * `/Artifact BMC … EMC`, leaving tagged content exactly as it was.
 */
import { PAINTING, parseOperations, spliceContent } from '../pdf/content.ts';

const OPEN = new Set(['BDC', 'BMC']);

export interface ArtifactResult {
  content: string;
  /** How many runs were wrapped. */
  wrapped: number;
}

/** `content` is the page's decoded content stream, read as latin1. */
export function wrapUntaggedInArtifacts(content: string, tag = '/Artifact BMC'): ArtifactResult {
  const inserts: { at: number; text: string }[] = [];
  let depth = 0;
  let runStart = -1;
  let runPaints = false;
  const closeRun = (at: number) => {
    if (runStart >= 0 && runPaints) {
      inserts.push({ at: runStart, text: `${tag}\n` }, { at, text: `${at === content.length && !content.endsWith('\n') ? '\n' : ''}EMC\n` });
    }
    runStart = -1;
    runPaints = false;
  };
  for (const op of parseOperations(content)) {
    if (OPEN.has(op.operator)) {
      if (depth === 0) closeRun(op.start);
      depth++;
      continue;
    }
    if (op.operator === 'EMC') {
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (depth === 0) {
      if (runStart < 0) runStart = op.start;
      if (PAINTING.has(op.operator)) runPaints = true;
    }
  }
  closeRun(content.length);
  return { content: spliceContent(content, inserts), wrapped: inserts.length / 2 };
}

/** Content painted outside marked content: what a checker reports as neither tagged nor artifact. */
export function countUntaggedPainting(content: string): number {
  let depth = 0;
  let untagged = 0;
  for (const { operator } of parseOperations(content)) {
    if (OPEN.has(operator)) depth++;
    else if (operator === 'EMC') depth = Math.max(0, depth - 1);
    else if (depth === 0 && PAINTING.has(operator)) untagged++;
  }
  return untagged;
}
