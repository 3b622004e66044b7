/**
 * Waits until `probe` gives a value (not undefined or false), asking every
 * 50 ms: for what a watching process does in its own time. `ms` bounds a
 * hang; it is not a timing assertion.
 */
export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 600_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The body of a GET. */
export const get = (url: string): Promise<string> => fetch(url).then((r) => r.text());
