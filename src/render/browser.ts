import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';
import { UserError } from '../errors.ts';
import { findChromium } from './chromium.ts';
import { isTerminating, onTermination } from '../lifecycle.ts';

/** Every document is served under this origin; `.invalid` can never resolve. */
export const DOCUMENT_ORIGIN = 'https://paiban.invalid/';

export interface Resource {
  body: Buffer | string;
  contentType: string;
}

/** A document as the browser sees it: `index.html` and its files, all in memory. */
export type ResourceMap = ReadonlyMap<string, Resource>;

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
}

const PX_PER_MM = 96 / 25.4;

/**
 * One headless Chromium for a whole run, reused for every document and pass.
 * Launching costs ~0.7 s; printing a page once warm costs far less.
 */
export class Renderer {
  private constructor(
    private session: BrowserSession,
    readonly version: string,
  ) {}

  static async launch(): Promise<Renderer> {
    const session = await startBrowser();
    return new Renderer(session, await session.browser.version());
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
    return this.withPage(resources, options, async (page) => {
      if (options.typeAreaWidthMm) await assertNoOverflow(page);
      const fonts = inspect ? await inspectFonts(page, inspect) : undefined;
      const pdf = await page.pdf({
        preferCSSPageSize: true,
        printBackground: true,
        tagged: true,
        outline: true,
        timeout: options.timeoutMs,
      });
      return { pdf: Buffer.from(pdf), fonts };
    });
  }

  /**
   * Load `entry` of the resources in a fresh page (no script of its own, no
   * network, fonts loaded) and hand the page to `work`: printing and checkers
   * use this. If Chromium crashes meanwhile (the browser, or the page's
   * renderer process), the work is retried once, in a new browser when the
   * old one is gone; a second crash fails the document with one line.
   */
  async withPage<T>(resources: ResourceMap, options: PrintOptions, work: (page: Page) => Promise<T>, entry = 'index.html'): Promise<T> {
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

  private async attempt<T>(resources: ResourceMap, options: PrintOptions, work: (page: Page) => Promise<T>, entry: string): Promise<T> {
    const { browser } = this.session;
    const page = await browser.newPage().catch((error: unknown) => {
      throw browser.connected ? error : new ChromiumCrash('browser gone');
    });
    // A crash rejects whatever the page was doing, instead of leaving it hanging.
    let onCrash: (() => void) | undefined;
    const crashed = new Promise<never>((_, reject) => {
      onCrash = () => reject(new ChromiumCrash('crashed'));
      page.once('error', onCrash);
      browser.once('disconnected', onCrash);
    });
    crashed.catch(() => undefined);
    try {
      await page.setJavaScriptEnabled(options.javascript === true);
      await page.setRequestInterception(true);
      page.on('request', (request) => void serve(request, resources));
      // Laid out from the start as the overflow check wants it (print media, the
      // type area's width), so the check costs no second layout.
      if (options.typeAreaWidthMm) {
        await page.emulateMediaType('print');
        await page.setViewport({ width: Math.floor(options.typeAreaWidthMm * PX_PER_MM), height: 1200 });
      }
      return await Promise.race([
        crashed,
        withTimeout(
          (async () => {
            await page.goto(new URL(entry, DOCUMENT_ORIGIN).href, { waitUntil: 'load', timeout: 0 });
            // Print only once every web font has loaded, or glyphs fall back.
            await page.evaluate(() => document.fonts.ready.then(() => undefined));
            return work(page);
          })(),
          options.timeoutMs,
        ),
      ]);
    } finally {
      browser.off('disconnected', onCrash!);
      // A hung renderer may never answer: do not wait for it forever.
      await atMost(5000, page.close().catch(() => undefined));
    }
  }

  /** Replace a browser that died with a new one. */
  private async relaunch(): Promise<void> {
    await this.session.stop();
    this.session = await startBrowser();
  }

  async close(): Promise<void> {
    await this.session.stop();
  }
}

/** Which text may need a platform font: none at all (`any` false), or text that `suspect` picks. */
export interface FontInspection {
  any: boolean;
  suspect: (text: string) => boolean;
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
      const platform = fonts.filter((f) => !f.isCustomFont && f.glyphCount > 0);
      if (platform.length) fallbacks.push({ text: holder.text, family: await familyOf(holder.nodeId), platformFonts: platform.map((f) => f.familyName) });
    }
    return { familiesUsed, fallbacks, failedFamilies: inPage.failed };
  } finally {
    await client.detach().catch(() => undefined);
  }
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

/** Chromium or the page's renderer went away mid-render. */
class ChromiumCrash extends Error {}

interface BrowserSession {
  browser: Browser;
  stop: () => Promise<void>;
}

/**
 * Launch Chromium with a profile of its own under the temporary folder
 * (`paiban-chromium-*`). However the run ends — normally, by an error, a
 * signal or a crash — the whole Chromium process group is killed and the
 * profile removed (see lifecycle.ts).
 */
async function startBrowser(): Promise<BrowserSession> {
  if (isTerminating()) throw new UserError('interrupted');
  const executablePath = findChromium();
  const profileDir = await mkdtemp(path.join(os.tmpdir(), 'paiban-chromium-'));
  let browser: Browser | undefined;
  let launching: Promise<Browser> | undefined;
  const pid = () => browser?.process()?.pid;
  const killGroup = () => {
    const leader = pid();
    if (!leader) return;
    try {
      process.kill(-leader, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  const groupAlive = () => {
    const leader = pid();
    if (!leader) return false;
    try {
      process.kill(-leader, 0);
    } catch {
      return false;
    }
    // A zombie writes nothing, and this machine's init may be slow to reap
    // them (about 1 s): only a running member of the group counts.
    return groupHasLiveMember(leader);
  };
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      // Stopped while still launching (a signal during prewarm): let the launch finish first.
      if (!browser && launching) await atMost(30_000, launching.then((b) => (browser = b)).catch(() => undefined));
      if (browser) await atMost(5000, browser.close().catch(() => undefined));
      // Renderers of a crashed browser may outlive it briefly: end the whole group,
      // and wait for it to be gone, or it goes on writing into the profile being removed.
      killGroup();
      for (let i = 0; i < 100 && groupAlive(); i++) await sleep(20);
      await rm(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 }).catch(() => undefined);
      unregister();
    })());
  // Registered before launching, so a signal arriving mid-launch still cleans up.
  const unregister = onTermination({
    async: stop,
    sync: () => {
      killGroup();
      rmSync(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
    },
  });
  try {
    launching = puppeteer.launch({
      executablePath,
      headless: true,
      userDataDir: profileDir,
      // Talk over a pipe: if this process dies, even by SIGKILL, Chromium reads
      // end-of-file and exits instead of running on without a parent.
      pipe: true,
      // Signals are handled in lifecycle.ts, which also removes the profile.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      args: [
        // Chromium's sandbox refuses to run as root (CI, containers).
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
        '--disable-gpu',
        '--disable-dev-shm-usage',
        // No background traffic: this machine has no network, and documents get none either.
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
        '--no-default-browser-check',
        '--font-render-hinting=none',
        // Second line of defence under request interception: anything that would
        // still reach the network (a preconnect, a DNS prefetch) goes to a proxy
        // that cannot exist, and no host name resolves.
        '--proxy-server=http://proxy.paiban.invalid:9',
        '--proxy-bypass-list=<-loopback>',
        '--host-resolver-rules=MAP * ~NOTFOUND',
        '--dns-prefetch-disable',
        '--disable-features=NetworkPrediction,Prerender2,SpeculationRulesPrefetchFuture',
        '--no-pings',
      ],
    });
    browser = await launching;
  } catch (error) {
    unregister();
    await rm(profileDir, { recursive: true, force: true }).catch(() => undefined);
    throw new UserError(`could not start Chromium at ${executablePath}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (isTerminating()) {
    await stop();
    throw new UserError('interrupted');
  }
  return { browser, stop };
}

// Timers here stay referenced: while Chromium is being stopped, they are what keeps
// the process alive (an unreferenced one let a SIGINT'd run exit 0 mid-cleanup).
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Wait for `work`, but no longer than `ms`. */
async function atMost(ms: number, work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Answer from memory under the document origin; abort everything else. */
async function serve(request: HTTPRequest, resources: ResourceMap): Promise<void> {
  const url = request.url();
  if (request.isInterceptResolutionHandled()) return;
  if (!url.startsWith(DOCUMENT_ORIGIN) || request.method() !== 'GET') {
    await request.abort('blockedbyclient').catch(() => undefined);
    return;
  }
  let key: string;
  try {
    key = decodeURIComponent(new URL(url).pathname.slice(1));
  } catch {
    key = '';
  }
  const resource = resources.get(key);
  if (!resource) {
    await request.abort('blockedbyclient').catch(() => undefined);
    return;
  }
  await request
    .respond({ status: 200, contentType: resource.contentType, body: resource.body })
    .catch(() => undefined);
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new UserError(`rendering took longer than ${Math.round(ms / 1000)} s (raise it with --timeout)`)),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether a process group has a member that is not a zombie (Linux /proc; elsewhere: assume so). */
function groupHasLiveMember(group: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === group && fields[0] !== 'Z' && fields[0] !== 'X') return true;
  }
  return false;
}
