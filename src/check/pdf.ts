import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import { decodeStream, pageContentText } from '../finish/streams.ts';
import { countUntaggedPainting } from '../finish/artifacts.ts';
import { decodeName } from '../finish/dests.ts';
import { parentTreeEntries, roleResolver } from '../finish/parent-tree.ts';
import { preflight } from '../preflight/check.ts';
import { LOAD_OPTIONS } from '../finish/pdf-options.ts';
import { Report, type FileReport } from './report.ts';
import { readXmp } from './xmp.ts';
import { NESTING, STANDARD_TYPES } from './structure-rules.ts';
import { structureText } from './structure-text.ts';
import { htmlFacts, type HtmlFacts } from './html-facts.ts';

export type { Finding } from './report.ts';

/** What the PDF is compared with when the HTML of the same build is at hand. */
export interface PdfCompanion {
  html: string;
  /** The document's title, from the build's manifest. */
  title?: string;
}

const squash = (text: string) => text.replace(/[\s\u00AD\u200B-\u200D\u2060\uFEFF]+/g, '');

/** The PDF/UA-1 requirements a program can decide; see the README for what remains a person's judgement. */
export async function checkPdf(bytes: Uint8Array, file: string, companion?: PdfCompanion): Promise<FileReport> {
  const pdf = await PDFDocument.load(bytes, LOAD_OPTIONS);
  const report = new Report(file);
  const catalog = pdf.catalog;

  const tagged = report.rule('01-002', 'tagged PDF: MarkInfo /Marked true and a structure tree');
  const markInfo = catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict);
  const root = catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (markInfo?.get(PDFName.of('Marked'))?.toString() !== 'true') tagged.fail('not a tagged PDF: MarkInfo /Marked is missing or false');
  else if (!root) tagged.fail('no structure tree (StructTreeRoot)');
  else tagged.pass();

  const untagged = report.rule('01-005', 'every painting operation tagged or an artifact');
  pdf.getPages().forEach((page, index) => {
    const count = countUntaggedPainting(pageContentText(pdf, page.node));
    if (count) untagged.fail(`${count} painting operation(s) neither tagged nor marked as artifact`, index + 1);
    else untagged.pass();
  });

  checkMetadata(pdf, report, companion?.title);

  const lang = report.rule('11-006', 'document language (/Lang in the catalog)');
  if (catalog.lookupMaybe(PDFName.of('Lang'), PDFString, PDFHexString)?.decodeText().trim()) lang.pass();
  else lang.fail('no document language (/Lang in the catalog)');

  checkAnnotations(pdf, report, root);
  await checkFonts(bytes, report);
  if (root) checkStructure(pdf, root, report);
  checkAgainstHtml(pdf, root, report, companion ? htmlFacts(companion.html) : undefined);
  return report.done();
}

function checkMetadata(pdf: PDFDocument, report: Report, expectedTitle: string | undefined): void {
  const present = report.rule('06-001', 'XMP metadata stream, well-formed UTF-8 XML');
  const part = report.rule('06-002', 'XMP has the PDF/UA identifier pdfuaid:part 1');
  const title = report.rule('06-003', 'XMP dc:title present, equal to the Info /Title and the document title');
  const display = report.rule('07-001', 'ViewerPreferences /DisplayDocTitle true');
  const metadata = pdf.catalog.lookup(PDFName.of('Metadata'));
  const infoTitle = pdf.getTitle();
  if (!(metadata instanceof PDFRawStream)) {
    present.fail('no XMP metadata stream in the catalog');
  } else {
    const xmp = readXmp(decodeStream(metadata));
    if (xmp.error) present.fail(`XMP metadata is not well-formed XML: ${xmp.error}`);
    else present.pass();
    if (xmp.pdfuaPart === '1') part.pass();
    else part.fail(xmp.error ? 'XMP unreadable, so no pdfuaid:part' : `pdfuaid:part is ${xmp.pdfuaPart === undefined ? 'missing' : `"${xmp.pdfuaPart}"`}, not 1`);
    if (!xmp.title?.trim()) title.fail(xmp.error ? 'XMP unreadable, so no dc:title' : 'XMP has no dc:title');
    else if (xmp.title !== infoTitle) title.fail(`XMP dc:title "${xmp.title}" differs from the Info /Title "${infoTitle ?? ''}"`);
    else if (expectedTitle !== undefined && xmp.title !== expectedTitle) title.fail(`dc:title "${xmp.title}" is not the document's title "${expectedTitle}"`);
    else title.pass();
  }
  const viewer = pdf.catalog.lookupMaybe(PDFName.of('ViewerPreferences'), PDFDict);
  const value = viewer?.get(PDFName.of('DisplayDocTitle'))?.toString();
  if (value === 'true') display.pass();
  else display.fail(value === undefined ? 'ViewerPreferences has no DisplayDocTitle' : 'DisplayDocTitle is not true');
}

/** Named destinations: the catalog's /Dests dictionary and the /Names /Dests name tree. */
function namedDestinations(pdf: PDFDocument): Set<string> {
  const names = new Set<string>();
  const dests = pdf.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  for (const key of dests?.keys() ?? []) names.add(decodeName(key));
  const walk = (node: PDFDict | undefined, depth: number) => {
    if (!node || depth > 32) return;
    const list = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    for (let i = 0; list && i < list.size(); i += 2) {
      const key = list.lookup(i);
      if (key instanceof PDFString || key instanceof PDFHexString) names.add(key.decodeText());
    }
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    for (let i = 0; kids && i < kids.size(); i++) walk(kids.lookupMaybe(i, PDFDict), depth + 1);
  };
  walk(pdf.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('Dests'), PDFDict), 0);
  return names;
}

function checkAnnotations(pdf: PDFDocument, report: Report, root: PDFDict | undefined): void {
  const contents = report.rule('ISO 14289-1 7.18.5', 'link annotations have /Contents');
  const inTree = report.rule('28-011', 'link annotations nested in a Link structure element');
  const tabs = report.rule('28-008', 'pages with annotations have /Tabs /S');
  const targets = report.rule('dest', 'every link goes to a destination that exists');
  const names = namedDestinations(pdf);
  const pageRefs = new Set(pdf.getPages().map((page) => page.ref));
  const owners = root ? parentTreeEntries(root) : new Map<number, PDFObject>();
  pdf.getPages().forEach((page, index) => {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    let links = 0;
    for (const annot of annots?.asArray() ?? []) {
      const dict = pdf.context.lookup(annot);
      if (!(dict instanceof PDFDict) || dict.get(PDFName.of('Subtype'))?.toString() !== '/Link') continue;
      links++;
      const text = dict.lookupMaybe(PDFName.of('Contents'), PDFString, PDFHexString)?.decodeText();
      if (text?.trim()) contents.pass();
      else contents.fail('link annotation without /Contents (alternate description)', index + 1);
      const key = dict.get(PDFName.of('StructParent'));
      const entry = key instanceof PDFNumber ? owners.get(key.asNumber()) : undefined;
      const owner = entry instanceof PDFDict ? entry : undefined;
      if (!owner) inTree.fail('link annotation not in the structure tree (no /StructParent entry)', index + 1);
      else if (owner.get(PDFName.of('S'))?.toString() !== '/Link') inTree.fail(`link annotation owned by ${owner.get(PDFName.of('S'))?.toString()}, not Link`, index + 1);
      else inTree.pass();
      const action = dict.lookupMaybe(PDFName.of('A'), PDFDict);
      const dest = dict.get(PDFName.of('Dest')) ?? (action?.get(PDFName.of('S'))?.toString() === '/GoTo' ? action.get(PDFName.of('D')) : undefined);
      if (action?.get(PDFName.of('S'))?.toString() === '/URI') targets.pass();
      else if (dest instanceof PDFName || dest instanceof PDFString || dest instanceof PDFHexString) {
        const name = dest instanceof PDFName ? decodeName(dest) : dest.decodeText();
        if (names.has(name)) targets.pass();
        else targets.fail(`link to "${name}", a destination the document does not have`, index + 1);
      } else if (dest instanceof PDFArray) {
        if (pageRefs.has(dest.get(0) as PDFRef)) targets.pass();
        else targets.fail('link to a page the document does not have', index + 1);
      } else targets.fail('link annotation without a destination or URI', index + 1);
    }
    if (links && page.node.get(PDFName.of('Tabs'))?.toString() !== '/S') tabs.fail('page with annotations has no /Tabs /S', index + 1);
    else if (links) tabs.pass();
  });
}

async function checkFonts(bytes: Uint8Array, report: Report): Promise<void> {
  const embedded = report.rule('31-009', 'fonts embedded');
  const toUnicode = report.rule('31-027', 'fonts have a ToUnicode map');
  const type3 = report.rule('type3', 'no Type 3 font (bitmap or procedure glyphs: rejected by print shops, poor for reuse)');
  const { fonts } = await preflight(bytes, { minDpi: 1 });
  for (const font of fonts) {
    if (font.type === 'Type3') type3.fail(`font ${font.name} is Type 3`);
    else type3.pass();
    if (font.type !== 'Type3' && !font.embedded) embedded.fail(`font ${font.name} is not embedded`);
    else embedded.pass();
    if (!font.toUnicode) toUnicode.fail(`font ${font.name} has no ToUnicode map`);
    else toUnicode.pass();
  }
}

function checkStructure(pdf: PDFDocument, root: PDFDict, report: Report): void {
  const roleOf = roleResolver(root);
  const figures = report.rule('13-004', 'Figure elements have alternate text');
  const headings = report.rule('14-003', 'headings: the first is H1, no level skipped (14-002, 14-003)');
  const scope = report.rule('15-003', 'TH cells have /Scope');
  const headers = report.rule('15-005', 'tables have header cells');
  const types = report.rule('02-004', 'every structure type is standard or role-mapped to one');
  const notes = report.rule('19-003', 'Note elements have a unique /ID (19-003, 19-004)');
  const linkObjects = report.rule('28-011 OBJR', 'Link elements hold their link annotation (OBJR)');
  const nesting = new Map<string, ReturnType<Report['rule']>>();
  for (const [checkpoint, title] of [
    ['09-004', 'table elements nested as ISO 32000-1 Table 337 says'],
    ['09-005', 'list elements nested as ISO 32000-1 Table 336 says'],
    ['09-006', 'TOC elements nested as ISO 32000-1 Table 333 says'],
    ['09-007', 'ruby elements nested as ISO 32000-1 Table 338 says'],
    ['09-008', 'warichu elements nested as ISO 32000-1 Table 338 says'],
  ] as const) nesting.set(checkpoint, report.rule(checkpoint, title));

  let lastHeading = 0;
  const noteIds = new Set<string>();
  const seen = new Set<PDFDict>();
  const visit = (element: PDFDict, parentType: string, depth: number) => {
    if (seen.has(element) || depth > 512) return;
    seen.add(element);
    const raw = element.get(PDFName.of('S'))?.toString().slice(1) ?? '';
    const type = roleOf(raw);
    if (STANDARD_TYPES.has(type)) types.pass();
    else types.fail(`structure type /${raw} is neither standard nor role-mapped to a standard type`);
    const k = element.get(PDFName.of('K'));
    const items = (k instanceof PDFArray ? k.asArray() : k ? [k] : []).map((item) => (item instanceof PDFRef ? pdf.context.lookup(item) : item));
    const kids = items.filter((item): item is PDFDict => item instanceof PDFDict && item.has(PDFName.of('S')));
    const kidTypes = kids.map((kid) => roleOf(kid.get(PDFName.of('S'))!.toString().slice(1)));
    const content = items.some((item) => item instanceof PDFNumber || (item instanceof PDFDict && item.get(PDFName.of('Type'))?.toString() === '/MCR'));

    const rule = NESTING[type];
    if (rule) {
      const check = nesting.get(rule.checkpoint)!;
      const problems: string[] = [];
      if (rule.parents && !rule.parents.includes(parentType)) problems.push(`inside ${parentType || 'the root'} (allowed: ${rule.parents.join(', ')})`);
      const wrong = rule.children ? kidTypes.filter((t) => !rule.children!.includes(t)) : [];
      if (wrong.length) problems.push(`holds ${[...new Set(wrong)].join(', ')} (allowed: ${rule.children!.join(', ')})`);
      if (rule.children && content) problems.push('holds content directly (decoration belongs in an artifact, text in a child element)');
      const order = !wrong.length && rule.order ? rule.order(kidTypes) : undefined;
      if (order) problems.push(`children must be ${order}`);
      if (problems.length) check.fail(`${type}: ${problems.join('; ')}`);
      else check.pass();
    }
    if (type === 'Figure') {
      const alt = element.lookupMaybe(PDFName.of('Alt'), PDFString, PDFHexString)?.decodeText();
      const actual = element.lookupMaybe(PDFName.of('ActualText'), PDFString, PDFHexString)?.decodeText();
      if (alt?.trim() || actual?.trim()) figures.pass();
      else figures.fail('Figure without alternate text');
    }
    const heading = /^H([1-6])$/.exec(type);
    if (heading) {
      const level = Number(heading[1]);
      if (!lastHeading && level > 1) headings.fail(`the first heading is H${level}, not H1`);
      else if (lastHeading && level > lastHeading + 1) headings.fail(`heading level skipped: H${lastHeading} → H${level}`);
      else headings.pass();
      lastHeading = level;
    }
    if (type === 'Table') {
      const cells = descendants(pdf, element).map((d) => roleOf(d.get(PDFName.of('S'))!.toString().slice(1)));
      if (cells.includes('TH')) headers.pass();
      else headers.fail('table without header cells (TH)');
    }
    if (type === 'TH') {
      if (hasScope(pdf, element)) scope.pass();
      else scope.fail('table header cell without /Scope');
    }
    if (type === 'Note') {
      const id = element.lookupMaybe(PDFName.of('ID'), PDFString, PDFHexString)?.decodeText();
      if (!id) notes.fail('Note without /ID');
      else if (noteIds.has(id)) notes.fail(`Note /ID "${id}" is not unique`);
      else notes.pass();
      if (id) noteIds.add(id);
    }
    if (type === 'Link') {
      const hasObjr = items.some((item) => item instanceof PDFDict && item.get(PDFName.of('Type'))?.toString() === '/OBJR');
      if (hasObjr) linkObjects.pass();
      else linkObjects.fail('Link element without a link annotation (no OBJR): the link does nothing in the PDF');
    }
    for (const kid of kids) visit(kid, type, depth + 1);
  };
  const top = root.get(PDFName.of('K'));
  for (const item of top instanceof PDFArray ? top.asArray() : top ? [top] : []) {
    const kid = item instanceof PDFRef ? pdf.context.lookup(item) : item;
    if (kid instanceof PDFDict) visit(kid, '', 0);
  }
}

/**
 * Compared with the HTML of the same build: the tagged text is the
 * document's text (no marks, dots or page furniture added), every part in
 * another language carries its /Lang, footnotes are Notes with References,
 * table captions are Captions.
 */
function checkAgainstHtml(pdf: PDFDocument, root: PDFDict | undefined, report: Report, facts: HtmlFacts | undefined): void {
  const text = report.rule('text', "structure-order text contains the document's text, unchanged");
  const parts = report.rule('11-001', 'text in another language is tagged with its /Lang (ISO 14289-1 7.2)');
  const footnotes = report.rule('19-001', 'footnotes are Note elements, each call a Reference');
  const captions = report.rule('table-caption', 'table captions are Caption elements');
  const heads = report.rule('table-head', 'header row groups are THead elements');
  if (!facts || !root) {
    const why = root ? 'no HTML of the same build (a manifest beside the PDF lists both)' : 'no structure tree';
    for (const rule of [text, parts, footnotes, captions, heads]) rule.skip(why);
    return;
  }
  const read = structureText(pdf, root);
  const tagged = squash(read.text);
  const expected = squash(facts.mainText);
  if (tagged.includes(expected)) text.pass();
  else {
    // Where they part: the longest prefix of the document's text that the PDF has.
    let lo = 0;
    let hi = expected.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (tagged.includes(expected.slice(0, mid))) lo = mid;
      else hi = mid - 1;
    }
    const at = tagged.indexOf(expected.slice(Math.max(0, lo - 12), lo)) + Math.min(12, lo);
    text.fail(`the tagged text departs from the document's after «${expected.slice(Math.max(0, lo - 12), lo)}»: the PDF has «${tagged.slice(at, at + 12)}», the document «${expected.slice(lo, lo + 12)}»`);
  }
  for (const part of facts.languageParts) {
    const own = squash(read.byLanguage.get(part.lang) ?? '');
    if (own.includes(squash(part.text))) parts.pass();
    else parts.fail(`«${part.text.slice(0, 40)}» (lang ${part.lang}) has no /Lang ${part.lang} in the PDF's structure`);
  }
  const counts = countTypes(pdf, root);
  if (facts.footnotes) {
    if ((counts.get('Note') ?? 0) < facts.footnotes) footnotes.fail(`${facts.footnotes} footnotes in the document, ${counts.get('Note') ?? 0} Note elements in the PDF`);
    else footnotes.pass(facts.footnotes);
    if ((counts.get('Reference') ?? 0) < facts.footnoteCalls) footnotes.fail(`${facts.footnoteCalls} footnote calls, ${counts.get('Reference') ?? 0} Reference elements`);
    else footnotes.pass(facts.footnoteCalls);
  }
  if (facts.tableCaptions) {
    if ((counts.get('TableCaption') ?? 0) < facts.tableCaptions) captions.fail(`${facts.tableCaptions} table captions in the document, ${counts.get('TableCaption') ?? 0} Caption elements in PDF tables`);
    else captions.pass(facts.tableCaptions);
  }
  if (facts.tableHeads) {
    if ((counts.get('THead') ?? 0) < facts.tableHeads) heads.fail(`${facts.tableHeads} tables with a header row group in the document, ${counts.get('THead') ?? 0} THead elements in the PDF`);
    else heads.pass(facts.tableHeads);
  }
}

function countTypes(pdf: PDFDocument, root: PDFDict): Map<string, number> {
  const counts = new Map<string, number>();
  const bump = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const element of descendants(pdf, root)) {
    const type = element.get(PDFName.of('S'))?.toString().slice(1) ?? '';
    bump(type);
    if (type === 'Caption' && element.lookupMaybe(PDFName.of('P'), PDFDict)?.get(PDFName.of('S'))?.toString() === '/Table') bump('TableCaption');
  }
  return counts;
}

function hasScope(pdf: PDFDocument, th: PDFDict): boolean {
  const attributes = th.get(PDFName.of('A'));
  const list = attributes instanceof PDFArray ? attributes.asArray() : attributes ? [attributes] : [];
  return list.some((a) => {
    const dict = pdf.context.lookup(a);
    return dict instanceof PDFDict && dict.has(PDFName.of('Scope'));
  });
}

function descendants(pdf: PDFDocument, element: PDFDict, depth = 0): PDFDict[] {
  if (depth > 512) return [];
  const k = element.get(PDFName.of('K'));
  const kids = (k instanceof PDFArray ? k.asArray() : k ? [k] : [])
    .map((item) => (item instanceof PDFRef ? pdf.context.lookup(item) : item))
    .filter((item): item is PDFDict => item instanceof PDFDict && item.has(PDFName.of('S')));
  return kids.flatMap((kid) => [kid, ...descendants(pdf, kid, depth + 1)]);
}
