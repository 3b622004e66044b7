import type { Browser, BrowserContext, CDPSession, HTTPRequest, Page } from 'puppeteer-core';
// What `puppeteer.connect` runs, without the rest of puppeteer-core's entry
// module (its launchers and browser downloader, which paiban never uses):
// half its load time (~0.2 s CPU of every build, while the source is parsed).
import { _connectToBrowser } from 'puppeteer-core/internal/common/BrowserConnector.js';
import { UserError } from '../errors.ts';
import { isTerminating } from '../lifecycle.ts';
import { swapBody, versionChange } from './body-swap.ts';
import { PipeTransport } from './pipe-transport.ts';
import { sharedChromiumEndpoint } from './chromium.ts';
import { sharedBrowserTransport } from './shared-transport.ts';
import { spawnChromium, type SpawnedChromium } from './spawn.ts';
import { trace } from '../trace.ts';
import { printable } from '../terminal.ts';

/** Every document is served under this origin; `.invalid` can never resolve. */
export const DOCUMENT_ORIGIN = 'https://paiban.invalid/';

export interface Resource {
  body: Buffer | string;
  contentType: string;
  /** Extra response headers (a checker's Content-Security-Policy). */
  headers?: Record<string, string>;
}

/**
 * A document as the browser sees it: `index.html` and its files, by path.
 * A build's are all in memory; a checker's are read when the page asks.
 */
export interface ResourceMap {
  get(key: string): Resource | undefined | Promise<Resource | undefined>;
  /** Which paths a frame may navigate to (default: any it is served); a checked page may not leave itself. */
  navigable?(key: string): boolean;
}

export interface PrintOptions {
  timeoutMs: number;
  /**
   * Width of the type area: content wider than this is an error naming the
   * element, instead of being cut off silently at the page edge.
   */
  typeAreaWidthMm?: number;
  /**
   * Let the page run script: only for checkers (axe-core schedules its work
   * in the page). Documents never need it; the network stays blocked either way.
   */
  javascript?: boolean;
  /** Work for this thread once the print command is sent (CPU-bound work that would otherwise follow the print). */
  whilePrinting?: () => void;
}

const PX_PER_MM = 96 / 25.4;

/**
 * One headless Chromium for a whole run, reused for every document and pass.
 * Launching costs ~0.7 s; printing a page once warm costs far less.
 */
export class Renderer {
  /** Pages ready ahead of need (see prepare() and recycle()); the next print takes one. */
  private spares: Promise<PreparedPage | undefined>[] = [];
  private initialTab = true;

  private constructor(
    private session: BrowserSession,
    readonly version: string,
  ) {
    this.spares.push(this.prepare());
  }

  /** Start Chromium (or take over one already starting) and connect to it. */
  static async launch(early?: SpawnedChromium): Promise<Renderer> {
    trace('chromium: launching');
    const session = await startBrowser(early);
    trace('chromium: ready');
    return new Renderer(session, session.version);
  }

  /**
   * A new tab, set up (script off, every request answered from memory) and
   * already showing an empty document of the document origin: its renderer
   * process is up, so a print that takes it skips ~0.1–0.2 s of tab and
   * process start-up. Made right after launch, while the caller is still
   * busy, and again after each print (see attempt()).
   */
  private prepare(): Promise<PreparedPage | undefined> {
    const { tabs } = this.session;
    const made = (async () => {
      // The tab Chromium opened at start (about:blank) serves as the first spare:
      // a new one takes ~0.1–0.25 s while Chromium is still settling.
      const initial = this.initialTab;
      this.initialTab = false;
      const page = (initial ? (await tabs.pages()).find((p) => p.url() === 'about:blank') : undefined) ?? (await tabs.newPage());
      const serving: Serving = { resources: BLANK_DOCUMENT };
      await page.setJavaScriptEnabled(false);
      await page.setRequestInterception(true);
      page.on('request', (request) => void serve(request, serving));
      await page.goto(new URL('index.html', DOCUMENT_ORIGIN).href, { waitUntil: 'load', timeout: 30_000 });
      return { page, serving };
    })();
    // A spare that failed (Chromium gone, say) is no spare: prints make their own page.
    return made.catch(() => undefined);
  }

  /** A spare page, if there is one (the next is made once this print is done, not to compete with it). */
  private async takeSpare(): Promise<PreparedPage | undefined> {
    // Taken before waiting: two prints at once must never share one tab.
    const taking = this.spares.shift();
    const spare = await taking;
    // A spare made in a browser that has since died (and been replaced) is no spare.
    return spare && !spare.page.isClosed() && spare.page.browser() === this.session.browser ? spare : undefined;
  }

  /**
   * A tab whose print went well, made the next spare instead of closed: its
   * emulation put back as a new tab has it and an empty document shown (the
   * last one's memory freed, no script ever enabled in it). Closing a tab
   * and making a new one (a renderer process started, two documents loaded)
   * cost ~0.6 s of CPU per document in Chromium and here; this costs one
   * small navigation. The next document's files are requested afresh all
   * the same: paiban's answers carry no caching headers, so nothing of the
   * last document is reused (the same holds for a book's passes in one tab).
   */
  private recycle(used: PreparedPage, emulated: boolean): void {
    const { page, serving } = used;
    const { browser } = this.session;
    if (this.spares.length >= MAX_SPARES || !browser.connected) {
      void atMost(5000, page.close().catch(() => undefined));
      return;
    }
    const made = (async () => {
      serving.resources = BLANK_DOCUMENT;
      await page.goto(new URL('index.html', DOCUMENT_ORIGIN).href, { waitUntil: 'load', timeout: 30_000 });
      // Reset once the empty document shows: the last document is not laid out again.
      if (emulated) await Promise.all([page.emulateMediaType(), page.setViewport(DEFAULT_VIEWPORT)]);
      trace('chromium: tab kept for the next print');
      return used;
    })();
    // A tab that cannot be reset is closed: the next print makes its own.
    this.spares.push(
      made.catch(() => {
        void atMost(5000, page.close().catch(() => undefined));
        return undefined;
      }),
    );
  }

  /** Print `index.html` of the resources to a tagged PDF. */
  async printPdf(resources: ResourceMap, options: PrintOptions): Promise<Buffer> {
    return (await this.printWithFonts(resources, options, false)).pdf;
  }

  /**
   * Print, and report which fonts drew the text: the CSS families in use,
   * and every element whose text a platform (fallback) font drew in part.
   */
  async printWithFonts(
    resources: ResourceMap,
    options: PrintOptions,
    inspect: false | FontInspection = { any: true, suspect: () => true },
  ): Promise<{ pdf: Buffer; fonts: FontReport | undefined }> {
    return this.withPage(resources, options, (page) => printLoaded(page, options, inspect));
  }

  /**
   * Print several versions of one document in one tab, one after another (a
   * book's passes): `work` gets a print function. The first version must be
   * `first`; a later one that differs from the one shown only in its body has
   * the body swapped in, keeping the tab's parsed styles and loaded fonts (a
   * layout and a print, no page load); any other is loaded afresh in the tab.
   */
  async printVersions<T>(
    first: ReadonlyMap<string, Resource>,
    options: PrintOptions,
    work: (print: (resources: ReadonlyMap<string, Resource>, inspect: false | FontInspection) => Promise<{ pdf: Buffer; fonts: FontReport | undefined }>) => Promise<T>,
  ): Promise<T> {
    return this.withPage(first, options, (page, { load, restartClock }) => {
      let shown = first;
      let prints = 0;
      return work(async (resources, inspect) => {
        // Each later print has the whole timeout, as it would in a tab of its own.
        if (prints++ > 0) restartClock();
        const change = versionChange(shown, resources);
        if (change.kind === 'other') await load(resources);
        if (change.kind === 'body') {
          trace('chromium: next version printed in the same tab, its body swapped in');
          await swapBody(page, change.body);
          await refuseUndecodableImages(page);
        }
        shown = resources;
        return printLoaded(page, options, inspect);
      });
    });
  }

  /**
   * Load `entry` of the resources in a fresh page (no network; JavaScript
   * off unless `options.javascript`, which the HTML checker sets to run axe,
   * blocking the page's own scripts by CSP; fonts loaded) and hand the page
   * to `work`: printing and checkers use this. If Chromium crashes meanwhile (the browser, or the page's
   * renderer process), the work is retried once, in a new browser when the
   * old one is gone; a second crash fails the document with one line.
   */
  async withPage<T>(resources: ResourceMap, options: PrintOptions, work: (page: Page, tab: TabControl) => Promise<T>, entry = 'index.html'): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      if (isTerminating()) throw new UserError('interrupted');
      if (!this.session.browser.connected) await this.relaunch();
      try {
        return await this.attempt(resources, options, work, entry);
      } catch (error) {
        const crashed = error instanceof ChromiumCrash || !this.session.browser.connected;
        if (!crashed) throw error;
        if (attempt >= 2) {
          throw new UserError('Chromium crashed twice while rendering this document (out of memory? try a smaller document or raise the machine\'s memory)');
        }
      }
    }
  }

  private async attempt<T>(resources: ResourceMap, options: PrintOptions, work: (page: Page, tab: TabControl) => Promise<T>, entry: string): Promise<T> {
    const { browser, tabs } = this.session;
    const spare = await this.takeSpare();
    const page =
      spare?.page ??
      (await tabs.newPage().catch((error: unknown) => {
        throw browser.connected ? error : new ChromiumCrash('browser gone');
      }));
    // A crash rejects whatever the page was doing, instead of leaving it hanging.
    let onCrash: (() => void) | undefined;
    const crashed = new Promise<never>((_, reject) => {
      onCrash = () => reject(new ChromiumCrash('crashed'));
      page.once('error', onCrash);
      browser.once('disconnected', onCrash);
    });
    crashed.catch(() => undefined);
    // A request Chromium would not take an answer for fails the print at once,
    // saying so (left alone, the page waits for it until the timeout).
    let serving: Serving;
    // Only a tab whose work went well, and that never ran script, serves again (see recycle()).
    let reusable = false;
    const unserved = new Promise<never>((_, reject) => {
      serving = spare?.serving ?? { resources };
      serving.resources = resources;
      serving.failed = (url, error) => reject(new UserError(`Chromium did not take paiban's answer for ${printable(url)}: ${printable(error.message.split('\n')[0] ?? '')}`));
    });
    unserved.catch(() => undefined);
    try {
      if (spare) {
        if (options.javascript) await page.setJavaScriptEnabled(true);
      } else {
        await page.setJavaScriptEnabled(options.javascript === true);
        await page.setRequestInterception(true);
        page.on('request', (request) => void serve(request, serving));
      }
      // Laid out from the start as the overflow check wants it (print media, the
      // type area's width), so the check costs no second layout.
      if (options.typeAreaWidthMm) {
        await Promise.all([page.emulateMediaType('print'), page.setViewport({ width: Math.floor(options.typeAreaWidthMm * PX_PER_MM), height: 1200 })]);
      }
      const result = await Promise.race([
        crashed,
        unserved,
        withTimeout(
          async (restartClock) => {
            const load = async (shown: ResourceMap) => {
              serving.resources = shown;
              await page.goto(new URL(entry, DOCUMENT_ORIGIN).href, { waitUntil: 'load', timeout: 0 });
              trace('chromium: page loaded');
              // Print only once every web font has loaded, or glyphs fall back.
              await page.evaluate(() => document.fonts.ready.then(() => undefined));
              trace('chromium: fonts ready');
              await refuseUndecodableImages(page);
            };
            await load(resources);
            return work(page, { load, restartClock });
          },
          options.timeoutMs,
        ),
      ]);
      reusable = !options.javascript && !page.isClosed();
      return result;
    } finally {
      serving!.failed = undefined;
      browser.off('disconnected', onCrash!);
      page.off('error', onCrash!);
      if (reusable && browser === this.session.browser) this.recycle({ page, serving: serving! }, Boolean(options.typeAreaWidthMm));
      else {
        // Closed in the background (a hung renderer may never answer: not forever),
        // then a spare made for the next print: a batch's next document, a second pass.
        void atMost(5000, page.close().catch(() => undefined)).then(() => {
          if (browser.connected && browser === this.session.browser && !this.spares.length) this.spares.push(this.prepare());
        });
      }
    }
  }

  /** Replace a browser that died with a new one. */
  private async relaunch(): Promise<void> {
    // Spares made or being made belong to the browser that died.
    this.spares.length = 0;
    await this.session.stop();
    this.session = await startBrowser();
  }

  async close(): Promise<void> {
    await this.session.stop();
  }
}

/** What printing in a tab may do besides printing: load another document, start the timeout afresh. */
export interface TabControl {
  load: (resources: ResourceMap) => Promise<void>;
  restartClock: () => void;
}

/** Which text may need a platform font: none at all (`any` false), or text that `suspect` picks. */
export interface FontInspection {
  any: boolean;
  suspect: (text: string) => boolean;
  /** Web fonts that count as fallbacks too (paiban's bundled ones), by the family name Chromium reports. */
  fallbackFamilies?: ReadonlySet<string>;
}

/** What the renderer learnt about the fonts that drew a page. */
export interface FontReport {
  /** First family of the computed font-family of every element holding text. */
  familiesUsed: string[];
  /** Elements whose own text was drawn, at least in part, by a platform font. */
  fallbacks: { text: string; family: string; platformFonts: string[] }[];
  /** Web font families with a face that failed to load. */
  failedFamilies: string[];
}

interface DomNode {
  nodeId: number;
  nodeType: number;
  nodeName: string;
  nodeValue: string;
  children?: DomNode[];
  contentDocument?: DomNode;
}

/**
 * Chromium's own account of the fonts it used (CDP CSS.getPlatformFontsForNode):
 * a web font is `isCustomFont`; anything else is a system font that stood
 * in for characters the document's fonts lack.
 */
async function inspectFonts(page: Page, inspection: FontInspection): Promise<FontReport> {
  // The families in use, in one pass inside the page.
  const inPage = await page.evaluate(() => {
    const families = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.nodeValue?.trim() || !node.parentElement) continue;
      const list = getComputedStyle(node.parentElement).fontFamily;
      families.add(list.split(',')[0]!.trim().replace(/^["']|["']$/g, ''));
    }
    const failed: string[] = [];
    // No callbacks (forEach) in a page with JavaScript off: iterate by hand.
    const faces = (document.fonts as unknown as { values(): Iterator<FontFace> }).values();
    for (let next = faces.next(); !next.done; next = faces.next()) {
      if (next.value.status === 'error') failed.push(next.value.family.replace(/^["']|["']$/g, ''));
    }
    return { families: [...families], failed: [...new Set(failed)] };
  });
  const familiesUsed = [...new Set<string>(inPage.families)].sort();
  // Every character has a glyph in every face and every face loaded: no
  // element can have needed a platform font, and the DOM walk below (~0.2 s
  // for 300 pages) is not needed.
  if (!inPage.failed.length && !inspection.any) return { familiesUsed, fallbacks: [], failedFamilies: [] };

  const client = await page.createCDPSession();
  try {
    await client.send('DOM.enable');
    await client.send('CSS.enable');
    const { root } = (await client.send('DOM.getDocument', { depth: -1 })) as unknown as { root: DomNode };
    const holders: { nodeId: number; text: string }[] = [];
    const walk = (node: DomNode): void => {
      if (node.nodeType === 1 && !['SCRIPT', 'STYLE', 'HEAD', 'TITLE'].includes(node.nodeName)) {
        const text = (node.children ?? []).filter((c) => c.nodeType === 3).map((c) => c.nodeValue).join('');
        if (text.trim()) holders.push({ nodeId: node.nodeId, text });
      }
      if (node.nodeName === 'HEAD') return;
      for (const child of node.children ?? []) walk(child);
    };
    walk(root);
    const familyOf = async (nodeId: number): Promise<string> => {
      const { computedStyle } = (await client.send('CSS.getComputedStyleForNode', { nodeId })) as {
        computedStyle: { name: string; value: string }[];
      };
      const list = computedStyle.find((p) => p.name === 'font-family')?.value ?? '';
      return list.split(',')[0]!.trim().replace(/^["']|["']$/g, '');
    };
    const fallbacks: FontReport['fallbacks'] = [];
    // Asking Chromium costs a round trip per element: ask only about text
    // that the document's fonts may not cover (all of it if a font failed).
    const ask = inPage.failed.length ? holders : holders.filter((h) => inspection.suspect(h.text));
    for (const holder of ask) {
      const { fonts } = (await client.send('CSS.getPlatformFontsForNode', { nodeId: holder.nodeId })) as {
        fonts: { familyName: string; postScriptName?: string; isCustomFont: boolean; glyphCount: number }[];
      };
      const platform = fonts.filter((f) => (!f.isCustomFont || inspection.fallbackFamilies?.has(f.familyName)) && f.glyphCount > 0);
      if (platform.length) fallbacks.push({ text: holder.text, family: await familyOf(holder.nodeId), platformFonts: platform.map((f) => f.familyName) });
    }
    return { familiesUsed, fallbacks, failedFamilies: inPage.failed };
  } finally {
    await client.detach().catch(() => undefined);
  }
}

/** Print the document the page shows (checked for overflow first, its fonts inspected if asked). */
async function printLoaded(page: Page, options: PrintOptions, inspect: false | FontInspection): Promise<{ pdf: Buffer; fonts: FontReport | undefined }> {
  if (options.typeAreaWidthMm) await assertNoOverflow(page);
  const fonts = inspect ? await inspectFonts(page, inspect) : undefined;
  const printing = page.pdf({
    preferCSSPageSize: true,
    printBackground: true,
    tagged: true,
    outline: true,
    timeout: options.timeoutMs,
    // The fonts are ready: load() and swapBody() waited for document.fonts.ready.
    // Puppeteer's own wait would be one more round trip before the print is
    // even sent, and whilePrinting's work would run before it, not during the print.
    waitForFonts: false,
  });
  // Chromium needs no attention while it prints: this thread may work meanwhile.
  options.whilePrinting?.();
  const pdf = await printing;
  return { pdf: Buffer.from(pdf), fonts };
}

/** Look for anything wider than the type area (the page is laid out at its width, as print media: see attempt()). */
async function assertNoOverflow(page: Page): Promise<void> {
  const overflowing = await page.evaluate(() => {
    const main = document.querySelector('main') ?? document.body;
    const limit = main.getBoundingClientRect().right + 1;
    const found: { tag: string; text: string; width: number }[] = [];
    const seen: Element[] = [];
    for (const element of Array.from(main.querySelectorAll('*'))) {
      if (seen.some((outer) => outer.contains(element))) continue;
      const rect = element.getBoundingClientRect();
      if (rect.right > limit) {
        seen.push(element);
        found.push({ tag: element.tagName.toLowerCase(), text: (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40), width: Math.round(rect.width) });
      }
    }
    return { found, area: Math.round(main.getBoundingClientRect().width) };
  });
  const first = overflowing.found[0];
  if (first) {
    const more = overflowing.found.length > 1 ? ` (and ${overflowing.found.length - 1} more)` : '';
    throw new UserError(`content wider than the type area: <${first.tag}> "${first.text}" is ${first.width} px wide, the area ${overflowing.area} px${more}`);
  }
}

/** A page of a spare tab, and what its request handler serves (swapped when the tab is taken). */
interface PreparedPage {
  page: Page;
  serving: Serving;
}

/** What a tab's request handler answers from, and whom it tells when Chromium refuses an answer (set while a print runs). */
interface Serving {
  resources: ResourceMap;
  failed?: (url: string, error: Error) => void;
}

/**
 * Spare tabs kept at most; a tab done while one waits is closed. Two (one per
 * job of a batch) raised the batch's peak memory by ~120 MiB (a renderer that
 * printed a book stays larger than a new one) for little more reuse.
 */
const MAX_SPARES = 1;

/** The viewport every tab starts with (puppeteer's defaultViewport, see startBrowser and joinSharedBrowser). */
const DEFAULT_VIEWPORT = { width: 800, height: 600 };

/** What a spare tab shows until it is taken. */
const BLANK_DOCUMENT: ResourceMap = new Map([['index.html', { body: '<!doctype html><title></title>', contentType: 'text/html; charset=utf-8' }]]);

/** Chromium or the page's renderer went away mid-render. */
class ChromiumCrash extends Error {}

export interface BrowserSession {
  browser: Browser;
  /** Where this run opens tabs: its own browser's, or its own context in a shared one. */
  tabs: Pick<BrowserContext, 'pages' | 'newPage'>;
  version: string;
  stop: () => Promise<void>;
}

/**
 * Chromium for a run: the process started by spawnChromium (or one started
 * earlier, `early`), driven by puppeteer over its pipe. However the run ends,
 * the whole process group is killed and the profile removed.
 */
async function startBrowser(early?: SpawnedChromium): Promise<BrowserSession> {
  if (isTerminating()) throw new UserError('interrupted');
  const endpoint = sharedChromiumEndpoint();
  if (endpoint !== undefined) {
    await early?.dispose();
    return joinSharedBrowser(endpoint);
  }
  const chromium = early ?? spawnChromium();
  let browser: Browser | undefined;
  let version: string;
  let stopped: Promise<void> | undefined;
  // Nothing of Chromium's is kept (the profile is temporary, every PDF is in
  // hand): the whole group is killed at once rather than asked to close
  // (~0.1 s of CDP round trips and shutdown work on a busy machine).
  const stop = (): Promise<void> =>
    (stopped ??= chromium.dispose().then(() => trace('chromium: gone')));
  try {
    const connecting = connectBrowser({
      transport: new PipeTransport(chromium.pipe.write, chromium.pipe.read),
      defaultViewport: DEFAULT_VIEWPORT,
    });
    connecting.catch(() => undefined);
    const exited = chromium.exited.then((reason) => {
      throw new Error(reason);
    });
    browser = await Promise.race([connecting, exited]);
    // Still part of starting: a Chromium killed right after connecting fails
    // here, and is reported as not started, not as an internal error.
    version = await Promise.race([browser.version(), exited]);
  } catch (error) {
    await chromium.dispose();
    throw new UserError(`could not start Chromium at ${chromium.executablePath}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (isTerminating()) {
    await stop();
    throw new UserError('interrupted');
  }
  return { browser, tabs: browser.defaultBrowserContext(), version, stop };
}

/**
 * A browser context of this run's own in a Chromium that is already running
 * (the test suite's, see scripts/test-chromium.ts): tabs, cache and storage
 * apart from every other run's. Chromium disposes of the context when this
 * process disconnects, however it ends.
 */
export async function joinSharedBrowser(endpoint: string): Promise<BrowserSession> {
  let browser: Browser | undefined;
  let tabs: BrowserContext | undefined;
  try {
    browser = await connectBrowser({
      transport: await sharedBrowserTransport(endpoint),
      defaultViewport: DEFAULT_VIEWPORT,
      // Only this run's tabs: other runs' are none of its business (nor worth attaching to).
      targetFilter: (target) => target.type() === 'browser' || (tabs !== undefined && target.browserContext().id === tabs.id),
    });
    const context = (tabs = await browser.createBrowserContext());
    const version = await browser.version();
    const joined = browser;
    let stopped: Promise<void> | undefined;
    const stop = (): Promise<void> =>
      (stopped ??= atMost(5000, context.close().catch(() => undefined)).then(async () => {
        await joined.disconnect().catch(() => undefined);
        trace('chromium: gone');
      }));
    return { browser, tabs: context, version, stop };
  } catch (error) {
    await browser?.disconnect().catch(() => undefined);
    throw new UserError(`could not join the Chromium at PAIBAN_CHROMIUM_ENDPOINT=${printable(endpoint)}: ${printable((error as Error).message.split('\n')[0] ?? '')}`);
  }
}

/**
 * puppeteer.connect (PuppeteerNode.connect calls just this), typed as
 * puppeteer-core's public Browser: the same class, declared apart in the
 * internal and the public typings (its #private fields tell them apart).
 */
const connectBrowser = _connectToBrowser as unknown as (options: Parameters<typeof _connectToBrowser>[0]) => Promise<Browser>;

/** Wait for `work`, but no longer than `ms`. */
async function atMost(ms: number, work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Answer from memory under the document origin; abort everything else. An
 * answer or abort Chromium refuses goes to `serving.failed` (a closed tab's
 * requests need none: the print they belonged to is over).
 */
async function serve(request: HTTPRequest, serving: Serving): Promise<void> {
  const url = request.url();
  if (request.isInterceptResolutionHandled()) return;
  try {
    await answer(request, url, serving.resources);
  } catch (error) {
    if (!request.frame()?.page().isClosed()) serving.failed?.(url, error as Error);
  }
}

async function answer(request: HTTPRequest, url: string, resources: ResourceMap): Promise<void> {
  // 204 No Content, answered here (nothing reaches the network): the navigation is
  // dropped and the page stays. An abort would show an error page, and a meta
  // refresh elsewhere then destroyed the page mid-print ("Printing failed").
  const stay = () => request.respond({ status: 204, body: '' });
  if (request.isNavigationRequest() && !url.startsWith(DOCUMENT_ORIGIN)) {
    await stay();
    return;
  }
  if (!url.startsWith(DOCUMENT_ORIGIN) || request.method() !== 'GET') {
    await request.abort('blockedbyclient');
    return;
  }
  let key: string;
  try {
    key = decodeURIComponent(new URL(url).pathname.slice(1));
  } catch {
    key = '';
  }
  if (request.isNavigationRequest() && resources.navigable && !resources.navigable(key)) {
    await stay();
    return;
  }
  const resource = await Promise.resolve(resources.get(key)).catch(() => undefined);
  if (!resource) {
    await request.abort('blockedbyclient');
    return;
  }
  await respond(request, resource);
}

/** Answers above this size skip puppeteer's base64 encoding (see respond()). */
const LARGE_ANSWER = 64 * 1024;

/**
 * Answer with the resource. Puppeteer base64-encodes a body in JavaScript, a
 * character at a time: for a book's 8 MB of fonts that was 0.4 s of encoding
 * and 2 s of garbage collection in this thread while Chromium waited. Large
 * answers are sent as the same CDP command puppeteer would send
 * (Fetch.fulfillRequest, on the session the request came from), encoded by
 * Buffer; small ones, and any request whose session is not at hand, go
 * through puppeteer.
 */
async function respond(request: HTTPRequest, resource: Resource): Promise<void> {
  const headers = { ...resource.headers, 'content-type': resource.contentType };
  const body = typeof resource.body === 'string' ? Buffer.from(resource.body) : resource.body;
  const internals = request as unknown as { _interceptionId?: string; interception?: { handled: boolean } };
  const session = (request.frame() as unknown as { client?: CDPSession } | null)?.client;
  if (body.length < LARGE_ANSWER || !internals._interceptionId || !internals.interception || !session) {
    await request.respond({ status: 200, contentType: resource.contentType, body, ...(resource.headers ? { headers: resource.headers } : {}) });
    return;
  }
  internals.interception.handled = true;
  await session
    .send('Fetch.fulfillRequest', {
      requestId: internals._interceptionId,
      responseCode: 200,
      responsePhrase: 'OK',
      responseHeaders: [...Object.entries(headers).map(([name, value]) => ({ name: name.toLowerCase(), value })), { name: 'content-length', value: String(body.length) }],
      body: body.toString('base64'),
    })
    .catch((error: Error) => {
      // As puppeteer does: a refused header is an error; a request cancelled
      // meanwhile (its tab closed, its frame gone) needs no answer any more.
      if (/Invalid header|Unsafe header/.test(error.message)) throw error;
    });
}

/** `work`, failed if it takes longer than `ms`; `restart` gives it `ms` again from now (each print of several counts alone). */
async function withTimeout<T>(work: (restart: () => void) => Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let expire: (error: Error) => void = () => undefined;
  const timeout = new Promise<never>((_, reject) => (expire = reject));
  const restart = () => {
    clearTimeout(timer);
    timer = setTimeout(() => expire(new UserError(`rendering took longer than ${Math.round(ms / 1000)} s (raise it with --timeout)`)), ms);
  };
  restart();
  try {
    return await Promise.race([work(restart), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Image files are checked by their headers before rendering (signature, type,
 * dimensions), but only a decoder finds corrupt pixel data behind a sound
 * header, and Chromium would print a broken-image icon in its place. It is
 * the decoder that prints, so it is the one asked: every image must decode.
 */
async function refuseUndecodableImages(page: Page): Promise<void> {
  // decode() resolves for such a file and the image prints blank, but making
  // a bitmap of it fails. SVG is text, parsed before rendering: left out.
  const failed = await page.evaluate(async () => {
    // Only images whose header Chromium read (a natural size): a missing file
    // or an <img> the sanitiser left without src is another matter.
    const raster = Array.from(document.images).filter((image) => image.naturalWidth > 0 && !/\.svgz?$/i.test(image.getAttribute('src') ?? ''));
    const results = await Promise.all(
      raster.map((image) =>
        createImageBitmap(image).then(
          (bitmap) => (bitmap.close(), null),
          () => image.getAttribute('src') ?? '',
        ),
      ),
    );
    return results.filter((src): src is string => src !== null);
  });
  if (!failed.length) return;
  const names = failed.map((src) => `"${safeDecode(src)}"`).join(', ');
  throw new UserError(`image ${names} cannot be decoded: the file is corrupt or truncated (its header is sound, its pixel data is not)`);
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}
