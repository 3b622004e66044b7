import type { ConnectionTransport } from 'puppeteer-core';

/**
 * The DevTools WebSocket to a Chromium shared by several runs (the test
 * suite's): puppeteer-core's own transport, with two commands changed so
 * that runs cannot get in each other's way:
 * - every browser context this run creates is `disposeOnDetach`: Chromium
 *   closes the run's context, and its tabs, when the run disconnects however
 *   it ends (SIGKILL included); one made through puppeteer-core would stay;
 * - the browser-wide auto-attach does not hold new tabs until this run has
 *   looked at them: puppeteer-core asks for that, and every other run's new
 *   tab then waited for this process, stalled for as long as it was busy
 *   (a test process in spawnSync: until the other run timed out). Holding
 *   its own tabs' frames and workers (auto-attach inside a tab) is kept.
 */
export async function sharedBrowserTransport(endpoint: string): Promise<ConnectionTransport> {
  // Imported here: a build's own Chromium talks over a pipe, and ws with
  // node:https (~40 ms to load) would only slow its start.
  const { NodeWebSocketTransport } = await import('puppeteer-core/internal/node/NodeWebSocketTransport.js');
  const socket = await NodeWebSocketTransport.create(endpoint);
  return {
    send: (message: string) => socket.send(forSharing(message)),
    close: () => socket.close(),
    set onmessage(listener: ((message: string) => void) | undefined) {
      socket.onmessage = listener;
    },
    set onclose(listener: (() => void) | undefined) {
      socket.onclose = listener;
    },
  };
}

/** A command as a run sharing the browser must send it (see sharedBrowserTransport); any other message as it is. */
export function forSharing(message: string): string {
  if (!message.includes('"Target.createBrowserContext"') && !message.includes('"Target.setAutoAttach"')) return message;
  const command = JSON.parse(message) as { method?: string; sessionId?: string; params?: Record<string, unknown> };
  if (command.method === 'Target.createBrowserContext') return JSON.stringify({ ...command, params: { ...command.params, disposeOnDetach: true } });
  // Browser-wide (no session): every tab of every run.
  if (command.method === 'Target.setAutoAttach' && command.sessionId === undefined) return JSON.stringify({ ...command, params: { ...command.params, waitForDebuggerOnStart: false } });
  return message;
}
