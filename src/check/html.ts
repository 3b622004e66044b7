import { execFile } from 'node:child_process';
import { readFile, realpath } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { JAVA_OPTIONS } from './java.ts';
import { promisify } from 'node:util';
import { UserError } from '../errors.ts';
import { contentTypeOf } from '../mime.ts';
import type { Renderer, Resource, ResourceMap } from '../render/browser.ts';
import type { Finding } from './report.ts';
import { Report } from './report.ts';
import { htmlFacts, readCheckedFile } from './html-facts.ts';

const require = createRequire(import.meta.url);
const run = promisify(execFile);

/** axe-core rules for WCAG 2.0 and 2.1, levels A and AA. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const NARROW_VIEWPORT = 320;
const SHORT_VIEWPORT = 256;

/** Scripts of the checked page never run: its own code could hide violations or reach files. */
const NO_PAGE_SCRIPTS = "script-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; base-uri 'none'; form-action 'none'";

/**
 * The page as a reader gets it, in headless Chromium: axe-core in the light
 * and the dark colour scheme, and whether it reads at 320 CSS px without
 * horizontal scrolling. The page's own scripts are blocked by a
 * Content-Security-Policy (axe is evaluated from outside, which CSP does not
 * govern), it may not navigate away, and only the files it asks for are
 * read, one at a time, from its own folder.
 */
export async function checkHtmlInBrowser(file: string, renderer: Renderer, report: Report): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const entry = path.basename(file);
  const resources = folderResources(dir, entry);
  const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const axe = report.rule('axe', 'axe-core: WCAG 2.0/2.1 A and AA rules, light and dark colour scheme');
  const reflow = report.rule('WCAG 1.4.10', `no horizontal scrolling at ${NARROW_VIEWPORT} CSS px`);
  await renderer.withPage(
    resources,
    { timeoutMs: 60_000, javascript: true },
    async (page) => {
      await page.evaluate(axeSource);
      const seen = new Set<string>();
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
        const result = (await page.evaluate(
          `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_TAGS)} }, resultTypes: ['violations'] })
             .then((r) => ({ passes: r.passes.length, violations: r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) })) }))`,
        )) as { passes: number; violations: { id: string; help: string; nodes: string[] }[] };
        axe.pass(result.passes);
        for (const v of result.violations) {
          if (seen.has(v.id)) continue;
          seen.add(v.id);
          report.rule(`axe:${v.id}`, v.help).fail(`${v.help}${scheme === 'dark' ? ' (dark scheme)' : ''}: ${v.nodes.join(', ')}`);
        }
      }
      // Vertical writing (竖排) reflows the other way: WCAG 1.4.10 asks for no vertical scrolling at 256 CSS px high.
      if ((await page.evaluate("getComputedStyle(document.documentElement).writingMode.startsWith('vertical')")) as boolean) {
        await page.setViewport({ width: 1280, height: SHORT_VIEWPORT });
        const height = (await page.evaluate('document.documentElement.scrollHeight')) as number;
        if (height > SHORT_VIEWPORT) reflow.fail(`vertical writing scrolls vertically at ${SHORT_VIEWPORT} CSS px (content ${height} px high)`);
        else reflow.pass();
        return;
      }
      await page.setViewport({ width: NARROW_VIEWPORT, height: 640 });
      const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
      if (width > NARROW_VIEWPORT) reflow.fail(`scrolls horizontally at ${NARROW_VIEWPORT} CSS px (content ${width} px wide)`);
      else reflow.pass();
    },
    entry,
  );
}

/** In-page links: every `href="#id"` has an element with that id. */
export function checkFragments(html: string, report: Report): void {
  const rule = report.rule('links', 'every in-page link (#id) has its target');
  const facts = htmlFacts(html);
  for (const href of facts.brokenFragments) rule.fail(`link to ${href}: no element has that id`);
  if (!facts.brokenFragments.length) rule.pass();
}

/** The Nu Html Checker (vnu.jar from the vnu-jar package, run by the system Java). */
export async function checkHtmlValidity(files: readonly string[]): Promise<Map<string, Finding[]>> {
  const jar = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
  let stdout: string;
  try {
    const result = await run('java', [...JAVA_OPTIONS, '-jar', jar, '--format', 'json', '--exit-zero-always', ...files], { maxBuffer: 64 * 1024 * 1024 });
    stdout = result.stdout || result.stderr;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError('checking HTML needs Java for the Nu Html Checker (Debian: `sudo apt-get install default-jre-headless`)');
    throw new UserError(`the Nu Html Checker failed: ${(error as Error).message.split('\n')[0]}`);
  }
  const report = JSON.parse(stdout) as { messages: { type: string; url?: string; message: string; lastLine?: number }[] };
  const byFile = new Map<string, Finding[]>(files.map((f) => [path.resolve(f), []]));
  for (const message of report.messages) {
    if (message.type !== 'error') continue;
    const file = message.url ? decodeURIComponent(message.url.replace(/^file:/, '')) : '';
    const list = byFile.get(path.resolve(file)) ?? byFile.values().next().value!;
    list.push({ rule: 'vnu', message: `${message.lastLine ? `line ${message.lastLine}: ` : ''}${message.message}` });
  }
  return byFile;
}

/** Files of the page's folder, read when the page asks for one: a regular file inside the folder, of bounded size. */
function folderResources(dir: string, entry: string): ResourceMap {
  return {
    async get(key: string): Promise<Resource | undefined> {
      const full = path.resolve(dir, key);
      const relative = path.relative(dir, full);
      if (!key || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
      // A folder on the way that is a link out of the page's folder does not count as inside it.
      const realParent = await realpath(path.dirname(full)).catch(() => undefined);
      const realDir = await realpath(dir).catch(() => dir);
      if (!realParent || path.relative(realDir, realParent).startsWith('..')) return undefined;
      const body = await readCheckedFile(full, 256 * 1024 * 1024).catch(() => undefined);
      if (!body) return undefined;
      return { body, contentType: contentTypeOf(key), headers: key === entry ? { 'content-security-policy': NO_PAGE_SCRIPTS } : undefined };
    },
    navigable: (key: string) => key === entry,
  };
}
