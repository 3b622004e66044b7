import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { UserError } from '../errors.ts';
import { contentTypeOf } from '../mime.ts';
import type { Renderer, Resource } from '../render/browser.ts';
import type { Finding } from './pdf.ts';

const require = createRequire(import.meta.url);
const run = promisify(execFile);

/** axe-core rules for WCAG 2.0 and 2.1, levels A and AA. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const NARROW_VIEWPORT = 320;

/**
 * The page as a reader gets it, in headless Chromium: axe-core in the light
 * and the dark colour scheme, and whether it reads at 320 CSS px without
 * horizontal scrolling.
 */
export async function checkHtmlInBrowser(file: string, renderer: Renderer): Promise<Finding[]> {
  const dir = path.dirname(path.resolve(file));
  const resources = await folderResources(dir);
  const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const entry = path.basename(file);
  const findings: Finding[] = [];
  await renderer.withPage(
    resources,
    { timeoutMs: 60_000, javascript: true },
    async (page) => {
      // The document runs no script of its own; the checker is evaluated from outside.
      await page.evaluate(axeSource);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
        const violations = (await page.evaluate(
          `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_TAGS)} }, resultTypes: ['violations'] })
             .then((r) => r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) })))`,
        )) as { id: string; help: string; nodes: string[] }[];
        for (const v of violations) {
          if (scheme === 'dark' && findings.some((f) => f.rule === `axe:${v.id}`)) continue;
          findings.push({ rule: `axe:${v.id}`, message: `${v.help}${scheme === 'dark' ? ' (dark scheme)' : ''}: ${v.nodes.join(', ')}` });
        }
      }
      await page.setViewport({ width: NARROW_VIEWPORT, height: 640 });
      const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
      if (width > NARROW_VIEWPORT) findings.push({ rule: 'WCAG 1.4.10', message: `scrolls horizontally at ${NARROW_VIEWPORT} CSS px (content ${width} px wide)` });
    },
    entry,
  );
  return findings;
}

/** The Nu Html Checker (vnu.jar from the vnu-jar package, run by the system Java). */
export async function checkHtmlValidity(files: readonly string[]): Promise<Map<string, Finding[]>> {
  const jar = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
  let stdout: string;
  try {
    const result = await run('java', ['-jar', jar, '--format', 'json', '--exit-zero-always', ...files], { maxBuffer: 64 * 1024 * 1024 });
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

/** Every file under the page's folder, by relative path: the page's own assets, nothing else. */
async function folderResources(dir: string): Promise<Map<string, Resource>> {
  const resources = new Map<string, Resource>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    const key = path.relative(dir, full).split(path.sep).join('/');
    resources.set(key, { body: await readFile(full), contentType: contentTypeOf(key) });
  }
  return resources;
}
