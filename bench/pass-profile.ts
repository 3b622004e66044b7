// Where one print pass's time goes, on a dumped print HTML (bench/dump-print-html.ts):
// loading the page (HTML, styles, fonts), the print (layout, paint, PDF), the
// print of a few pages only (layout without most of the PDF), and reading the
// PDF back (pdf-lib parse, named destinations). Wall time and Chromium's CPU
// time (all its processes, from /proc), so a loaded machine still compares.
// With NEXT_DIR (a book's pass-2 dump: dump-print-html.ts --passes), also the
// cost of a second pass printed in the same page, its body swapped in.
// Usage: node --import tsx bench/pass-profile.ts DUMP_DIR [RUNS] [NEXT_DIR]
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import { loadPrinted } from '../src/finish/pdf.ts';
import { namedDestinationPages } from '../src/finish/dests.ts';

const [dir, runsArg, nextDir] = process.argv.slice(2);
if (!dir) throw new Error('usage: pass-profile.ts DUMP_DIR [RUNS]');
const runs = Number(runsArg ?? 3);
const TICK_MS = 10;

/** CPU time (ms) of a process and its descendants. */
function treeCpu(pid: number): number {
  const children = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu.set(Number(name), (Number(fields[11]) + Number(fields[12])) * TICK_MS);
      children.set(Number(fields[1]), [...(children.get(Number(fields[1])) ?? []), Number(name)]);
    } catch {
      // exited meanwhile
    }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    total += cpu.get(p) ?? 0;
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

const browser = await puppeteer.launch({ executablePath: process.env.PAIBAN_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const pid = browser.process()!.pid!;
const rows: Record<string, { wall: number[]; cpu: number[] }> = {};
async function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
  const cpu0 = treeCpu(pid) + process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000;
  const t0 = performance.now();
  const result = await work();
  const row = (rows[name] ??= { wall: [], cpu: [] });
  row.wall.push(performance.now() - t0);
  row.cpu.push(treeCpu(pid) + process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000 - cpu0);
  return result;
}
const options = { preferCSSPageSize: true, printBackground: true, tagged: true, outline: true, timeout: 0 } as const;
let pages = 0;
for (let i = 0; i < runs; i++) {
  const page = await browser.newPage();
  await phase('load (HTML, styles, fonts)', async () => {
    await page.goto(pathToFileURL(path.join(dir, 'index.html')).href, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
  });
  const pdf = await phase('print all pages', () => page.pdf(options));
  await phase('print again, same page', () => page.pdf(options));
  await phase('print pages 1-3 only', () => page.pdf({ ...options, pageRanges: '1-3' }));
  if (nextDir) {
    const body = bodyOf(readFileSync(path.join(nextDir, 'index.html'), 'utf8'));
    await phase('swap in the next pass\'s body, print', async () => {
      await page.evaluate((html) => {
        document.body.innerHTML = html;
      }, body);
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      return page.pdf(options);
    });
  }
  const doc = await phase('pdf-lib load', () => loadPrinted(pdf));
  pages = doc.getPageCount();
  await phase('named destinations', () => namedDestinationPages(doc));
  await page.close();
}
await browser.close();
function bodyOf(html: string): string {
  return html.slice(html.indexOf('>', html.indexOf('<body')) + 1, html.lastIndexOf('</body>'));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`${path.basename(dir)}: ${pages} pages, medians of ${runs}\n\n| phase | wall ms | CPU ms (Chromium + this process) |\n|---|---|---|`);
for (const [name, row] of Object.entries(rows)) console.log(`| ${name} | ${median(row.wall).toFixed(0)} | ${median(row.cpu).toFixed(0)} |`);
