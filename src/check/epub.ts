import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeTempDir } from '../files/temp.ts';
import type { Renderer } from '../render/browser.ts';
import { findAll, parseXml, readEpubEntries, readPackage, textOf, type EpubEntry, type XmlElement } from './epub-package.ts';
import type { EpubcheckOutputs } from './epubcheck.ts';
import { Report, type FileReport, type Finding } from './report.ts';

/** The EPUB Accessibility 1.1 metadata a conforming publication carries (and the core Dublin Core). */
const REQUIRED_METADATA = ['dc:identifier', 'dc:title', 'dc:language', 'dcterms:modified', 'schema:accessMode', 'schema:accessModeSufficient', 'schema:accessibilityFeature', 'schema:accessibilityHazard', 'schema:accessibilitySummary', 'dcterms:conformsTo'];

/** An EPUB being checked: its own report done, its content documents unpacked for the Nu validator and Chromium. */
export interface OpenedEpub {
  file: string;
  report: FileReport;
  /** Spine documents: name in the zip, the copy Chromium opens, the copy the Nu validator reads, the text. */
  documents: { name: string; path: string; forVnu: string; text: string }[];
  dispose: () => Promise<void>;
}

/**
 * `paiban check FILE.epub`, first part: epubcheck's verdict on the whole
 * publication (run beforehand for all the EPUBs, see check/epubcheck.ts);
 * paiban's own structure checks (the container, the accessibility metadata,
 * the page list present, resolvable and in reading order); the content
 * documents unpacked into a temporary folder. The Nu validator then reads
 * every EPUB's documents at once (check/html.ts), and checkEpubDocuments
 * reports on each: one report for the EPUB, one per content document
 * (`FILE.epub:EPUB/chapter-01.xhtml`).
 */
export async function openEpub(file: string, bytes: Buffer, epubcheck: EpubcheckOutputs): Promise<OpenedEpub> {
  const report = new Report(file);
  epubcheckVerdict(file, epubcheck, report);
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

  const temp = await makeTempDir('paiban-epub-');
  try {
    for (const entry of entries) {
      const target = path.join(temp.dir, entry.name);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, entry.bytes);
    }
    const documents = spine.map((name) => ({
      name,
      path: path.join(temp.dir, name),
      // The Nu validator knows HTML, not EPUB's epub:type vocabulary (epubcheck
      // checks that): it is given a copy of each document without it.
      forVnu: path.join(temp.dir, `${name}.vnu.xhtml`),
      // A spine document missing from the zip throws here: not a readable EPUB.
      text: new TextDecoder().decode(entries.find((e) => e.name === name)!.bytes),
    }));
    for (const doc of documents) await writeFile(doc.forVnu, doc.text.replace(/\sepub:type=("[^"]*"|'[^']*')/g, ''));
    return { file, report: report.done(), documents, dispose: temp.dispose };
  } catch (error) {
    await temp.dispose();
    throw error;
  }
}

/** Second part: per content document, the Nu validator's findings (`validity`, by resolved path), in-page links and axe-core. */
export async function checkEpubDocuments(epub: OpenedEpub, validity: Map<string, Finding[]>, renderer: () => Promise<Renderer>): Promise<FileReport[]> {
  const { checkHtmlInBrowser, checkFragments } = await import('./html.ts');
  const reports = [epub.report];
  for (const doc of epub.documents) {
    const docReport = new Report(`${epub.file}:${doc.name}`);
    const vnu = docReport.rule('vnu', 'valid XHTML (Nu Html Checker)');
    const errors = validity.get(path.resolve(doc.forVnu)) ?? [];
    for (const finding of errors) vnu.fail(finding.message);
    if (!errors.length) vnu.pass();
    checkFragments(doc.text, docReport);
    await checkHtmlInBrowser(doc.path, await renderer(), docReport);
    reports.push(docReport.done());
  }
  return reports;
}

/** epubcheck's output as the EPUB's first rule. */
function epubcheckVerdict(file: string, outputs: EpubcheckOutputs, report: Report): void {
  const rule = report.rule('epubcheck', 'epubcheck: no fatal errors, errors or warnings');
  const output = outputs?.get(file);
  if (output === undefined) return rule.skip('epubcheck is not installed (Debian: apt-get install epubcheck)');
  const messages = output.split('\n').filter((line) => /^(FATAL|ERROR|WARNING)\(/.test(line));
  for (const line of messages) rule.fail(line.replace(`${path.resolve(file)}/`, '').replace(`${file}/`, ''));
  if (!messages.length) {
    if (/No errors or warnings detected/.test(output)) rule.pass();
    else rule.fail(`epubcheck gave no verdict: ${output.trim().split('\n').at(-1) ?? ''}`);
  }
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
