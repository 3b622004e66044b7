import type { ConnectionTransport } from 'puppeteer-core';
import { NodeWebSocketTransport } from 'puppeteer-core/internal/node/NodeWebSocketTransport.js';

/**
 * The DevTools WebSocket to a Chromium shared by several runs (the test
 * suite's): puppeteer-core's own transport, except that every browser
 * context this run creates is made `disposeOnDetach`. Chromium then closes
 * the run's context, and its tabs, when the run disconnects however it ends
 * (SIGKILL included), where a context made through puppeteer-core would stay
 * open in the shared Chromium.
 */
export async function sharedBrowserTransport(endpoint: string): Promise<ConnectionTransport> {
  const socket = await NodeWebSocketTransport.create(endpoint);
  return {
    send: (message: string) => socket.send(disposedOnDetach(message)),
    close: () => socket.close(),
    set onmessage(listener: ((message: string) => void) | undefined) {
      socket.onmessage = listener;
    },
    set onclose(listener: (() => void) | undefined) {
      socket.onclose = listener;
    },
  };
}

/** A Target.createBrowserContext command, with disposeOnDetach set; any other message as it is. */
export function disposedOnDetach(message: string): string {
  if (!message.includes('"Target.createBrowserContext"')) return message;
  const command = JSON.parse(message) as { method?: string; params?: Record<string, unknown> };
  if (command.method !== 'Target.createBrowserContext') return message;
  return JSON.stringify({ ...command, params: { ...command.params, disposeOnDetach: true } });
}
