import { align } from './sequence.ts';

export interface PageChange {
  kind: 'changed' | 'added' | 'removed';
  /** 1-based page numbers; absent on the side that has no such page. */
  oldPage?: number;
  newPage?: number;
  removedLines: string[];
  addedLines: string[];
}

const squash = (text: string) => text.replace(/\s+/g, '');

/**
 * Align two documents page by page on their text: equal pages match; within
 * a run of unmatched pages, old and new pages pair up as changed and the
 * rest are removed or added.
 */
export function comparePages(oldPages: readonly string[], newPages: readonly string[]): PageChange[] {
  const steps = align(oldPages, newPages, (x, y) => squash(x) === squash(y));
  const changes: PageChange[] = [];
  let removed: number[] = [];
  let added: number[] = [];
  const flush = () => {
    const pairs = Math.min(removed.length, added.length);
    for (let k = 0; k < pairs; k++) changes.push(lineChange('changed', removed[k]!, added[k]!, oldPages, newPages));
    for (const i of removed.slice(pairs)) changes.push(lineChange('removed', i, undefined, oldPages, newPages));
    for (const j of added.slice(pairs)) changes.push(lineChange('added', undefined, j, oldPages, newPages));
    removed = [];
    added = [];
  };
  for (const step of steps) {
    if (step.kind === 'same') flush();
    else if (step.kind === 'removed') removed.push(step.ai);
    else added.push(step.bi);
  }
  flush();
  return changes;
}

function lineChange(kind: PageChange['kind'], oldIndex: number | undefined, newIndex: number | undefined, oldPages: readonly string[], newPages: readonly string[]): PageChange {
  const lines = (text: string | undefined) => (text ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  const steps = align(lines(oldIndex === undefined ? undefined : oldPages[oldIndex]), lines(newIndex === undefined ? undefined : newPages[newIndex]));
  return {
    kind,
    ...(oldIndex === undefined ? {} : { oldPage: oldIndex + 1 }),
    ...(newIndex === undefined ? {} : { newPage: newIndex + 1 }),
    removedLines: steps.flatMap((s) => (s.kind === 'removed' ? [s.a] : [])),
    addedLines: steps.flatMap((s) => (s.kind === 'added' ? [s.b] : [])),
  };
}
