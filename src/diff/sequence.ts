/** One step of an alignment of two sequences. */
export type Step<T> = { kind: 'same'; a: T; b: T; ai: number; bi: number } | { kind: 'removed'; a: T; ai: number } | { kind: 'added'; b: T; bi: number };

/** Longest-common-subsequence alignment: enough for pages and lines of a document. */
export function align<T>(a: readonly T[], b: readonly T[], equal: (x: T, y: T) => boolean = (x, y) => x === y): Step<T>[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = equal(a[i]!, b[j]!) ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const steps: Step<T>[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (equal(a[i]!, b[j]!)) {
      steps.push({ kind: 'same', a: a[i]!, b: b[j]!, ai: i, bi: j });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      steps.push({ kind: 'removed', a: a[i]!, ai: i++ });
    } else {
      steps.push({ kind: 'added', b: b[j]!, bi: j++ });
    }
  }
  while (i < n) steps.push({ kind: 'removed', a: a[i]!, ai: i++ });
  while (j < m) steps.push({ kind: 'added', b: b[j]!, bi: j++ });
  return steps;
}
