/**
 * Chromium paints running heads, folios, rules and backgrounds outside any
 * marked content: neither tagged nor artifact, which PDF/UA forbids. This
 * wraps every run of painting outside tagged or artifact marked content in
 * `/Artifact BMC … EMC`, leaving tagged content exactly as it was.
 */
import { PAINTING, parseOperations, spliceContent, type Operation } from '../pdf/content.ts';

const OPEN = new Set(['BDC', 'BMC']);

/**
 * Whether a marked-content sequence makes its content tagged (an MCID) or an
 * artifact. Other sequences mark nothing: Chromium puts right-to-left runs
 * (the leader of a contents line) in `/ReversedChars BMC` and nothing else,
 * which is neither tagged nor artifact.
 */
function classifies(op: Operation): boolean {
  const [tag, properties] = op.operands;
  if (tag?.kind === 'name' && tag.value === 'Artifact') return true;
  return op.operator === 'BDC' && properties?.kind === 'dict' && properties.entries.has('MCID');
}

export interface ArtifactResult {
  content: string;
  /** How many runs were wrapped. */
  wrapped: number;
}

/** `content` is the page's decoded content stream, read as latin1; `operations` its operations when the caller has them already. */
export function wrapUntaggedInArtifacts(content: string, tag = '/Artifact BMC', operations = parseOperations(content)): ArtifactResult {
  const inserts: { at: number; text: string }[] = [];
  /** The open marked-content sequences: whether each classifies, and whether it opened inside the current run. */
  const open: { classifies: boolean; inRun: boolean }[] = [];
  let classified = 0;
  let runStart = -1;
  let runPaints = false;
  /** Sequences opened in the run and not yet closed: the run can be wrapped only when none is. */
  let runDepth = 0;
  const closeRun = (at: number) => {
    if (runStart >= 0 && runPaints && runDepth === 0) {
      inserts.push({ at: runStart, text: `${tag}\n` }, { at, text: `${at === content.length && !content.endsWith('\n') ? '\n' : ''}EMC\n` });
    }
    runStart = -1;
    runPaints = false;
    runDepth = 0;
  };
  for (const op of operations) {
    if (OPEN.has(op.operator)) {
      const marks = classifies(op);
      if (classified === 0 && marks) closeRun(op.start);
      const inRun = classified === 0 && !marks;
      if (inRun) {
        if (runStart < 0) runStart = op.start;
        runDepth++;
      }
      if (marks) classified++;
      open.push({ classifies: marks, inRun });
      continue;
    }
    if (op.operator === 'EMC') {
      const closed = open.pop();
      if (closed?.classifies) classified--;
      if (closed?.inRun && runStart >= 0) runDepth--;
      continue;
    }
    if (classified === 0) {
      if (runStart < 0) runStart = op.start;
      if (PAINTING.has(op.operator)) runPaints = true;
    }
  }
  closeRun(content.length);
  return { content: spliceContent(content, inserts), wrapped: inserts.length / 2 };
}

/** Content painted outside tagged or artifact marked content: what a checker reports as neither. */
export function countUntaggedPainting(content: string): number {
  const open: boolean[] = [];
  let classified = 0;
  let untagged = 0;
  for (const op of parseOperations(content)) {
    if (OPEN.has(op.operator)) {
      const marks = classifies(op);
      open.push(marks);
      if (marks) classified++;
    } else if (op.operator === 'EMC') {
      if (open.pop()) classified--;
    } else if (classified === 0 && PAINTING.has(op.operator)) untagged++;
  }
  return untagged;
}
