// The floor: the least any Chromium-based tool can do — launch, load paiban's
// final HTML (dumped by bench/dump-print-html.ts), wait for fonts, print, exit.
import puppeteer from 'puppeteer-core';
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [dir, out] = process.argv.slice(2);
// Usage: floor.mjs DUMP_DIR OUT.pdf
const browser = await puppeteer.launch({
  executablePath: process.env.PAIBAN_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
const page = await browser.newPage();
await page.goto(pathToFileURL(path.join(dir, 'index.html')).href, { waitUntil: 'load' });
await page.evaluate(() => document.fonts.ready);
await writeFile(out, await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true }));
await browser.close();
