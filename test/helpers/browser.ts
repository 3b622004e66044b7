// A Chromium for a test to drive itself (to click through an HTML output,
// print a page as Chromium does before paiban finishes it): under `npm test`
// a browser context of the test's own in the run's shared Chromium
// (PAIBAN_CHROMIUM_ENDPOINT, as builds join it in src/render/browser.ts)
// instead of a Chromium launched for a few pages; run alone, its own.
import puppeteer, { type BrowserContext, type Page } from 'puppeteer-core';
import { findChromium, sharedChromiumEndpoint } from '../../src/render/chromium.ts';
import { sharedBrowserTransport } from '../../src/render/shared-transport.ts';

export interface TestBrowser {
  newPage: () => Promise<Page>;
  /** Closes the test's tabs (its context, or its own Chromium). */
  close: () => Promise<void>;
}

export async function testBrowser(): Promise<TestBrowser> {
  const endpoint = sharedChromiumEndpoint();
  if (endpoint === undefined) {
    const browser = await puppeteer.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--disable-gpu'] });
    return { newPage: () => browser.newPage(), close: () => browser.close() };
  }
  let context: BrowserContext | undefined;
  const browser = await puppeteer.connect({
    // The transport builds use: the context goes when this process disconnects, and other runs' new tabs are never held.
    transport: await sharedBrowserTransport(endpoint),
    defaultViewport: { width: 800, height: 600 },
    targetFilter: (target) => target.type() === 'browser' || (context !== undefined && target.browserContext().id === context.id),
  });
  context = await browser.createBrowserContext();
  const own = context;
  return {
    newPage: () => own.newPage(),
    close: async () => {
      await own.close();
      await browser.disconnect();
    },
  };
}
