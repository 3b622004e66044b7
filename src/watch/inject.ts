import { escapeMarkup } from '../markup.ts';

/** The Server-Sent Events stream open preview pages listen to. */
export const EVENTS_PATH = '/__paiban/events';

/** Marks the overlay, so tests and people can find it. */
export const OVERLAY_ID = 'paiban-error-overlay';

const OVERLAY_STYLE =
  'position:fixed;inset:0;z-index:2147483647;margin:0;padding:2em;overflow:auto;background:rgba(20,0,0,.88);color:#fff;' +
  'font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap';

/** The overlay as markup, for a page served while the last build is broken. */
export function overlayHtml(message: string): string {
  return `<pre id="${OVERLAY_ID}" role="alert" style="${OVERLAY_STYLE}">paiban: build failed\n\n${escapeMarkup(message)}</pre>`;
}

/**
 * The served page only: a small script that reloads on a new build and
 * shows build errors over the page. Inserted before `</body>`.
 */
export function injectLiveReload(html: string, state: { generation: number; error: string | null }): string {
  const script = `<script>(() => {
  const id = ${JSON.stringify(OVERLAY_ID)}, style = ${JSON.stringify(OVERLAY_STYLE)};
  let seen = ${state.generation};
  const show = (message) => {
    let el = document.getElementById(id);
    if (!el) { el = document.createElement('pre'); el.id = id; el.setAttribute('role', 'alert'); el.setAttribute('style', style); document.body.append(el); }
    el.textContent = 'paiban: build failed\\n\\n' + message;
  };
  const events = new EventSource(${JSON.stringify(EVENTS_PATH)});
  events.addEventListener('hello', (e) => { if (Number(e.data) !== seen) location.reload(); });
  events.addEventListener('reload', (e) => { if (Number(e.data) !== seen) location.reload(); });
  events.addEventListener('failure', (e) => show(JSON.parse(e.data)));
  events.addEventListener('recovered', () => document.getElementById(id)?.remove());
})();</script>`;
  const insert = (state.error === null ? '' : overlayHtml(state.error)) + script;
  const at = html.lastIndexOf('</body>');
  return at < 0 ? html + insert : html.slice(0, at) + insert + html.slice(at);
}
