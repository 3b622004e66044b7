import { execFile } from 'node:child_process';
import { mkdir, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { JAVA_OPTIONS } from './java.ts';
import { promisify } from 'node:util';
import { makeTempDir } from '../files/temp.ts';
import type { Renderer } from '../render/browser.ts';
import { findAll, parseXml, readEpubEntries, readPackage, textOf, type EpubEntry, type XmlElement } from './epub-package.ts';
import { Report, type FileReport } from './report.ts';

const run = promisify(execFile);

/** The EPUB Accessibility 1.1 metadata a conforming publication carries (and the core Dublin Core). */
const REQUIRED_METADATA = ['dc:identifier', 'dc:title', 'dc:language', 'dcterms:modified', 'schema:accessMode', 'schema:accessModeSufficient', 'schema:accessibilityFeature', 'schema:accessibilityHazard', 'schema:accessibilitySummary', 'dcterms:conformsTo'];

/**
 * `paiban check FILE.epub`: epubcheck (when installed) on the whole
 * publication; paiban's own structure checks (the container, the
 * accessibility metadata, the page list present, resolvable and in reading
 * order); then, per content document, the Nu validator and axe-core (with
 * the HTML checks of check/html.ts). One report for the EPUB, one per
 * content document (`FILE.epub:EPUB/chapter-01.xhtml`).
 */
export async function checkEpub(file: string, bytes: Buffer, renderer: () => Promise<Renderer>): Promise<FileReport[]> {
  const report = new Report(file);
  await runEpubcheck(file, report);
  const entries = readEpubEntries(bytes);
  const ocf = report.rule('ocf', 'mimetype first, stored, application/epub+zip');
  const first = entries[0];
  if (first?.name === 'mimetype' && first.compression === 0 && new TextDecoder().decode(first.bytes) === 'application/epub+zip') ocf.pass();
  else ocf.fail('the first entry must be an uncompressed "mimetype" holding application/epub+zip');

  const { opf, spine, navPath } = readPackage(entries);
  const metadata = report.rule('metadata', 'title, language, identifier, modified date and EPUB Accessibility 1.1 metadata');
  const present = new Set([...findAll(opf, (e) => e.name.startsWith('dc:')).map((e) => e.name), ...findAll(opf, (e) => e.name === 'meta' && !!e.attributes['property']).map((e) => e.attributes['property']!)]);
  for (const name of REQUIRED_METADATA) {
    if (present.has(name)) metadata.pass();
    else metadata.fail(`no ${name} in the package metadata`);
  }
  checkPageList(entries, spine, navPath, report);

  const reports = [report.done()];
  const temp = await makeTempDir('paiban-epub-');
  try {
    for (const entry of entries) {
      const target = path.join(temp.dir, entry.name);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, entry.bytes);
    }
    const { checkHtmlInBrowser, checkHtmlValidity, checkFragments } = await import('./html.ts');
    const documents = spine.map((name) => path.join(temp.dir, name));
    // The Nu validator knows HTML, not EPUB's epub:type vocabulary (epubcheck
    // checks that): it is given a copy of each document without it.
    const forVnu = spine.map((name) => path.join(temp.dir, `${name}.vnu.xhtml`));
    for (const [i, name] of spine.entries()) {
      const text = new TextDecoder().decode(entries.find((e) => e.name === name)?.bytes ?? new Uint8Array());
      await writeFile(forVnu[i]!, text.replace(/\sepub:type=("[^"]*"|'[^']*')/g, ''));
    }
    const validity = await checkHtmlValidity(forVnu);
    for (const [i, name] of spine.entries()) {
      const docReport = new Report(`${file}:${name}`);
      const vnu = docReport.rule('vnu', 'valid XHTML (Nu Html Checker)');
      const errors = validity.get(path.resolve(forVnu[i]!)) ?? [];
      for (const finding of errors) vnu.fail(finding.message);
      if (!errors.length) vnu.pass();
      checkFragments(new TextDecoder().decode(entries.find((e) => e.name === name)!.bytes), docReport);
      await checkHtmlInBrowser(documents[i]!, await renderer(), docReport);
      reports.push(docReport.done());
    }
  } finally {
    await temp.dispose();
  }
  return reports;
}

/** epubcheck from PATH (Debian installs the jar itself as /usr/bin/epubcheck: run it with Java). */
async function runEpubcheck(file: string, report: Report): Promise<void> {
  const rule = report.rule('epubcheck', 'epubcheck: no fatal errors, errors or warnings');
  const found = await findOnPath('epubcheck');
  if (!found) return rule.skip('epubcheck is not installed (Debian: apt-get install epubcheck)');
  const [command, args] = found.endsWith('.jar') ? ['java', [...JAVA_OPTIONS, '-jar', found]] : [found, []];
  let output: string;
  try {
    const result = await run(command, [...args, file], { maxBuffer: 64 * 1024 * 1024 });
    output = result.stdout + result.stderr;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    output = (failed.stdout ?? '') + (failed.stderr ?? '') || failed.message;
  }
  const messages = output.split('\n').filter((line) => /^(FATAL|ERROR|WARNING)\(/.test(line));
  for (const line of messages) rule.fail(line.replace(`${path.resolve(file)}/`, '').replace(`${file}/`, ''));
  if (!messages.length) {
    if (/No errors or warnings detected/.test(output)) rule.pass();
    else rule.fail(`epubcheck gave no verdict: ${output.trim().split('\n').at(-1) ?? ''}`);
  }
}

async function findOnPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const resolved = await realpath(path.join(dir, name)).catch(() => undefined);
    if (resolved) return resolved;
  }
  return undefined;
}

/**
 * The navigation document has a page list; each entry's target exists in a
 * spine document; the targets follow reading order (spine, then document
 * order); numeric folios increase.
 */
function checkPageList(entries: readonly EpubEntry[], spine: readonly string[], navPath: string | undefined, report: Report): void {
  const rule = report.rule('page-list', 'page list present, every entry found, in reading order');
  const nav = navPath && entries.find((e) => e.name === navPath);
  if (!nav) return rule.fail('no navigation document');
  const pageList = findAll(parseXml(new TextDecoder().decode(nav.bytes)), (e) => e.name === 'nav' && /(^|\s)page-list(\s|$)/.test(e.attributes['epub:type'] ?? ''))[0];
  const links = pageList ? findAll(pageList, (e) => e.name === 'a') : [];
  if (!links.length) return rule.fail('the navigation document has no page-list, or an empty one');
  const order = new Map<string, number>();
  let ordinal = 0;
  for (const name of spine) {
    const doc = entries.find((e) => e.name === name);
    if (!doc) continue;
    for (const element of findAll(parseXml(new TextDecoder().decode(doc.bytes)), (e: XmlElement) => !!e.attributes['id'])) order.set(`${name}#${element.attributes['id']}`, ordinal++);
  }
  let previous = -1;
  let previousFolio = -Infinity;
  for (const link of links) {
    const label = textOf(link).trim();
    const href = link.attributes['href'] ?? '';
    const [target, fragment] = href.split('#');
    const key = `${path.posix.join(path.posix.dirname(navPath), decodeURI(target ?? ''))}#${decodeURIComponent(fragment ?? '')}`;
    const at = order.get(key);
    if (at === undefined) rule.fail(`page ${label}: ${href} is not an element of a spine document`);
    else if (at <= previous) rule.fail(`page ${label}: comes before the page listed ahead of it`);
    else if (/^\d+$/.test(label) && Number(label) <= previousFolio) rule.fail(`page ${label}: folio not after ${previousFolio}`);
    else rule.pass();
    if (at !== undefined) previous = at;
    if (/^\d+$/.test(label)) previousFolio = Number(label);
  }
}
