// A Chromium for a test to drive itself (to click through an HTML output,
// print a page as Chromium does before paiban finishes it): under `npm test`
// a browser context of the test's own in the run's shared Chromium
// (PAIBAN_CHROMIUM_ENDPOINT, as builds join it in src/render/browser.ts)
// instead of a Chromium launched for a few pages; run alone, its own.
import puppeteer, { type Page } from 'puppeteer-core';
import { findChromium, sharedChromiumEndpoint } from '../../src/render/chromium.ts';
import { joinSharedBrowser } from '../../src/render/browser.ts';

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
  // The builds' own join: a context of the test's own, gone when this process disconnects; other runs' tabs never held.
  const session = await joinSharedBrowser(endpoint);
  return { newPage: () => session.tabs.newPage(), close: session.stop };
}
