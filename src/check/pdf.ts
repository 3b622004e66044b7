import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFString, PDFHexString, decodePDFRawStream } from 'pdf-lib';
import { pageContentText, structKids } from '../finish/streams.ts';
import { countUntaggedPainting } from '../finish/artifacts.ts';
import { preflight } from '../preflight/check.ts';
import { LOAD_OPTIONS } from '../finish/pdf-options.ts';

/** One machine-checkable PDF/UA-1 failure. */
export interface Finding {
  /** Matterhorn Protocol checkpoint, or the ISO 14289-1 clause where no checkpoint number fits. */
  rule: string;
  message: string;
  page?: number;
}

/** The PDF/UA-1 requirements a program can decide; see the README for what remains a person's judgement. */
export async function checkPdf(bytes: Uint8Array): Promise<Finding[]> {
  const pdf = await PDFDocument.load(bytes, LOAD_OPTIONS);
  const findings: Finding[] = [];
  const catalog = pdf.catalog;

  const markInfo = catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict);
  if (markInfo?.get(PDFName.of('Marked'))?.toString() !== 'true') findings.push({ rule: '01-002', message: 'not a tagged PDF: MarkInfo /Marked is missing or false' });
  const root = catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) findings.push({ rule: '01-002', message: 'no structure tree (StructTreeRoot)' });

  const lang = catalog.lookupMaybe(PDFName.of('Lang'), PDFString, PDFHexString)?.decodeText();
  if (!lang?.trim()) findings.push({ rule: '11-006', message: 'no document language (/Lang in the catalog)' });

  const title = pdf.getTitle();
  if (!title?.trim()) findings.push({ rule: '06-003', message: 'missing or empty document title' });
  const viewer = catalog.lookupMaybe(PDFName.of('ViewerPreferences'), PDFDict);
  const display = viewer?.get(PDFName.of('DisplayDocTitle'))?.toString();
  if (display === undefined) findings.push({ rule: '07-001', message: 'ViewerPreferences has no DisplayDocTitle' });
  else if (display !== 'true') findings.push({ rule: '07-002', message: 'DisplayDocTitle is not true' });

  const metadata = catalog.lookup(PDFName.of('Metadata'));
  const xmp = metadata instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(metadata).decode()).toString('utf8') : undefined;
  if (!xmp) findings.push({ rule: '06-001', message: 'no XMP metadata stream' });
  else {
    if (!/pdfuaid:part\s*(?:=\s*["']1["']|>\s*1\s*<)/.test(xmp)) findings.push({ rule: '06-002', message: 'XMP metadata has no PDF/UA identifier (pdfuaid:part 1)' });
    if (!/<dc:title>[\s\S]*?<rdf:li[^>]*>[^<]+<\/rdf:li>/.test(xmp)) findings.push({ rule: '06-003', message: 'XMP metadata has no dc:title' });
  }

  pdf.getPages().forEach((page, index) => {
    const untagged = countUntaggedPainting(pageContentText(pdf, page.node));
    if (untagged) findings.push({ rule: '01-005', page: index + 1, message: `${untagged} painting operation(s) neither tagged nor marked as artifact` });
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (const annot of annots?.asArray() ?? []) {
      const dict = pdf.context.lookup(annot);
      if (!(dict instanceof PDFDict) || dict.get(PDFName.of('Subtype'))?.toString() !== '/Link') continue;
      const contents = dict.lookupMaybe(PDFName.of('Contents'), PDFString, PDFHexString)?.decodeText();
      if (!contents?.trim()) findings.push({ rule: 'ISO 14289-1 7.18.5', page: index + 1, message: 'link annotation without /Contents (alternate description)' });
      if (!dict.has(PDFName.of('StructParent'))) findings.push({ rule: '28-011', page: index + 1, message: 'link annotation not in the structure tree (no /StructParent)' });
    }
    if (annots?.size() && page.node.get(PDFName.of('Tabs'))?.toString() !== '/S') {
      findings.push({ rule: '28-008', page: index + 1, message: 'page with annotations has no /Tabs /S' });
    }
  });

  const report = await preflight(bytes, { minDpi: 1 });
  for (const font of report.fonts) {
    if (!font.embedded) findings.push({ rule: '31-009', message: `font ${font.name} is not embedded` });
    if (!font.toUnicode) findings.push({ rule: '31-027', message: `font ${font.name} has no ToUnicode map` });
  }

  if (root) checkStructure(pdf, root, findings);
  return findings;
}

function checkStructure(pdf: PDFDocument, root: PDFDict, findings: Finding[]): void {
  const roleMap = root.lookupMaybe(PDFName.of('RoleMap'), PDFDict);
  const roleOf = (type: string): string => {
    const mapped = roleMap?.get(PDFName.of(type))?.toString().slice(1);
    return mapped && mapped !== type ? roleOf(mapped) : type;
  };
  let lastHeading = 0;
  const visit = (element: PDFDict) => {
    const raw = element.get(PDFName.of('S'))?.toString().slice(1);
    if (!raw) return;
    const type = roleOf(raw);
    const kids = structKids(pdf, element);
    if (type === 'Figure') {
      const alt = element.lookupMaybe(PDFName.of('Alt'), PDFString, PDFHexString)?.decodeText();
      const actual = element.lookupMaybe(PDFName.of('ActualText'), PDFString, PDFHexString)?.decodeText();
      if (!alt?.trim() && !actual?.trim()) findings.push({ rule: '13-004', message: 'Figure without alternate text' });
    }
    const heading = /^H([1-6])$/.exec(type);
    if (heading) {
      const level = Number(heading[1]);
      if (lastHeading && level > lastHeading + 1) findings.push({ rule: '14-003', message: `heading level skipped: H${lastHeading} → H${level}` });
      if (!lastHeading && level > 1) findings.push({ rule: '14-002', message: `the first heading is H${level}, not H1` });
      lastHeading = level;
    }
    if (type === 'Table') {
      const cells = descendants(pdf, element).map((d) => roleOf(d.get(PDFName.of('S'))!.toString().slice(1)));
      if (!cells.includes('TH')) findings.push({ rule: '15-005', message: 'table without header cells (TH)' });
    }
    if (type === 'TH' && !hasScope(pdf, element)) findings.push({ rule: '15-003', message: 'table header cell without /Scope' });
    for (const kid of kids) visit(kid);
  };
  for (const kid of structKids(pdf, root)) visit(kid);
}

function hasScope(pdf: PDFDocument, th: PDFDict): boolean {
  const attributes = th.get(PDFName.of('A'));
  const list = attributes instanceof PDFArray ? attributes.asArray() : attributes ? [attributes] : [];
  return list.some((a) => {
    const dict = pdf.context.lookup(a);
    return dict instanceof PDFDict && dict.has(PDFName.of('Scope'));
  });
}


function descendants(pdf: PDFDocument, element: PDFDict): PDFDict[] {
  return structKids(pdf, element).flatMap((kid) => [kid, ...descendants(pdf, kid)]);
}

