/**
 * Bring a map of open watches in line with the keys wanted now: close and
 * drop those no longer wanted, open those missing (`open` may give nothing
 * when a watch cannot be made). Returns the keys opened by this call.
 */
export function reconcile<K, V>(open: Map<K, V>, wanted: Iterable<K>, close: (value: V) => void, make: (key: K) => V | undefined): K[] {
  const keep = new Set(wanted);
  for (const [key, value] of open) {
    if (keep.has(key)) continue;
    close(value);
    open.delete(key);
  }
  const added: K[] = [];
  for (const key of keep) {
    if (open.has(key)) continue;
    const value = make(key);
    if (value === undefined) continue;
    open.set(key, value);
    added.push(key);
  }
  return added;
}
