import type { Page } from 'puppeteer-core';
import type { Resource } from './browser.ts';

/** Where the body's content starts and ends in a document paiban wrote (one `<body …>`, one `</body>`). */
function bodyRange(html: string): { start: number; end: number } | undefined {
  const open = html.indexOf('<body');
  const start = open < 0 ? -1 : html.indexOf('>', open) + 1;
  const end = html.lastIndexOf('</body>');
  return start > 0 && end >= start ? { start, end } : undefined;
}

/** How a document differs from the one a tab shows. */
export type VersionChange = { kind: 'none' } | { kind: 'body'; body: string } | { kind: 'other' };

/**
 * Compare the next version of a document with the one loaded: the same
 * (`none`), different only inside the body — same files (styles, fonts,
 * images) and the same document around the body — so the tab can show it by
 * swapping the body in, keeping its parsed styles and loaded fonts (`body`),
 * or different in anything else (`other`: load it).
 */
export function versionChange(loaded: ReadonlyMap<string, Resource>, next: ReadonlyMap<string, Resource>, entry = 'index.html'): VersionChange {
  const other = { kind: 'other' } as const;
  if (loaded.size !== next.size) return other;
  for (const [key, resource] of next) {
    const before = loaded.get(key);
    if (!before || before.contentType !== resource.contentType || before.headers !== resource.headers) return other;
    if (key !== entry && !sameBytes(before.body, resource.body)) return other;
  }
  const a = text(loaded.get(entry)?.body);
  const b = text(next.get(entry)?.body);
  if (a === undefined || b === undefined) return other;
  if (a === b) return { kind: 'none' };
  const ra = bodyRange(a);
  const rb = bodyRange(b);
  if (!ra || !rb) return other;
  const same = a.slice(0, ra.start) === b.slice(0, rb.start) && a.slice(ra.end) === b.slice(rb.end);
  return same ? { kind: 'body', body: b.slice(rb.start, rb.end) } : other;
}

/**
 * Show `body` as the page's body content, then wait as a load would: for
 * every image (decoded) and every font the new text needs.
 */
export async function swapBody(page: Page, body: string): Promise<void> {
  await page.evaluate(async (html) => {
    document.body.innerHTML = html;
    // A broken image is the decode check's business (refuseUndecodableImages), not a failed swap.
    await Promise.all(Array.from(document.images).map((image) => image.decode().catch(() => undefined)));
    await document.fonts.ready;
  }, body);
}

function sameBytes(a: Buffer | string, b: Buffer | string): boolean {
  if (a === b) return true;
  const bytes = (x: Buffer | string) => (typeof x === 'string' ? Buffer.from(x) : x);
  return bytes(a).equals(bytes(b));
}

function text(body: Buffer | string | undefined): string | undefined {
  return body === undefined ? undefined : typeof body === 'string' ? body : body.toString('utf8');
}
