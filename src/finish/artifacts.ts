/**
 * Chromium paints running heads, folios, rules and backgrounds outside any
 * marked content: neither tagged nor artifact, which PDF/UA forbids. This
 * wraps every run of painting at marked-content depth 0 in
 * `/Artifact BMC … EMC`, leaving tagged content exactly as it was.
 */

export const CONTENT_TOKEN = /\((?:\\[\s\S]|[^\\()]|\((?:\\[\s\S]|[^\\()])*\))*\)|<<|>>|<[0-9A-Fa-f\s]*>|\[|\]|\/[^\s/<>[\]()%{}]*|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'"*][A-Za-z0-9'"*]*|%[^\n\r]*|\s+|[\s\S]/g;

/** Operators that put marks on the page. */
const PAINTING = new Set(['Tj', 'TJ', "'", '"', 'Do', 'sh', 'f', 'F', 'f*', 'S', 's', 'B', 'B*', 'b', 'b*', 'BI']);
const OPEN = new Set(['BDC', 'BMC']);

export interface ArtifactResult {
  content: string;
  /** How many runs were wrapped. */
  wrapped: number;
}

/** `content` is the page's decoded content stream, read as latin1. */
export function wrapUntaggedInArtifacts(content: string, tag = '/Artifact BMC'): ArtifactResult {
  // Split into operations: operands, then the operator that ends them.
  const operations: { start: number; end: number; operator: string }[] = [];
  let start = -1;
  for (const match of content.matchAll(CONTENT_TOKEN)) {
    const token = match[0];
    const at = match.index;
    if (/^\s+$/.test(token) || token.startsWith('%')) continue;
    if (start < 0) start = at;
    if (/^[A-Za-z'"*]/.test(token) && token !== 'true' && token !== 'false' && token !== 'null') {
      if (token === 'BI') return { content, wrapped: 0 }; // inline images: leave the page as it is
      operations.push({ start, end: at + token.length, operator: token });
      start = -1;
    }
  }

  const inserts: { at: number; text: string }[] = [];
  let depth = 0;
  let runStart = -1;
  let runPaints = false;
  const closeRun = (at: number) => {
    if (runStart >= 0 && runPaints) {
      inserts.push({ at: runStart, text: `${tag}\n` }, { at, text: 'EMC\n' });
    }
    runStart = -1;
    runPaints = false;
  };
  for (const op of operations) {
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

  let out = '';
  let last = 0;
  for (const insert of inserts.sort((a, b) => a.at - b.at)) {
    out += content.slice(last, insert.at) + (insert.at === content.length && !content.endsWith('\n') ? '\n' : '') + insert.text;
    last = insert.at;
  }
  out += content.slice(last);
  return { content: out, wrapped: inserts.length / 2 };
}

/** Content painted outside marked content: what a checker reports as neither tagged nor artifact. */
export function countUntaggedPainting(content: string): number {
  let depth = 0;
  let untagged = 0;
  for (const match of content.matchAll(CONTENT_TOKEN)) {
    const token = match[0];
    if (!/^[A-Za-z'"*]/.test(token)) continue;
    if (OPEN.has(token)) depth++;
    else if (token === 'EMC') depth = Math.max(0, depth - 1);
    else if (depth === 0 && PAINTING.has(token)) untagged++;
  }
  return untagged;
}
