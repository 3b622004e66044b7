import { sha256 } from '../files/hash.ts';
import { PDFDocument, PDFHexString, PDFName } from 'pdf-lib';
import { describeLinks, markArtifacts, repairStructure, setPageLabels, setTabOrder, type PageLabelRange } from './structure.ts';
import { renumberStructIds } from './struct-ids.ts';
import { compactObjectNumbers } from './object-numbers.ts';
import { xmpPacket } from './xmp.ts';
import { LOAD_OPTIONS, SAVE_OPTIONS } from './pdf-options.ts';

export interface PdfMetadata {
  title: string;
  author: string;
  lang: string;
  /** ISO date (YYYY-MM-DD): the document's, never the clock's. */
  date: string;
  creator: string;
  producer: string;
  /** A hash of what was printed (HTML and resources), for the /ID. */
  contentHash: string;
  /** The edition: name, date and changes, as the Subject. */
  subject?: string;
  /** Page labels matching the printed folios; default: decimal from 1. */
  pageLabels?: readonly PageLabelRange[];
  /** Text of link targets by element id, for link descriptions. */
  linkTargets?: ReadonlyMap<string, string>;
}

export interface FinishedPdf {
  bytes: Buffer;
  pages: number;
}

/** Chromium's PDF, parsed once for every output made from it. */
export function loadPrinted(printed: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(printed, LOAD_OPTIONS);
}

/**
 * Post-process Chromium's PDF: metadata from the source, dates from the
 * document (Chromium stamps the clock, the only thing that differs between
 * two prints), a document ID derived from the content; and what PDF/UA-1
 * needs beyond Chromium's tagging: XMP with pdfuaid:part, page labels,
 * link descriptions, artifacts, a repaired structure tree.
 */
export async function finishPdf(printed: Uint8Array, meta: PdfMetadata): Promise<FinishedPdf> {
  const pdf = await loadPrinted(printed);
  finishDocument(pdf, meta);
  return savePdf(pdf, meta);
}

/** Everything but the /ID, in place: done once, however many outputs are saved from it. */
export function finishDocument(pdf: PDFDocument, meta: Omit<PdfMetadata, 'contentHash'>): void {
  const date = new Date(`${meta.date}T00:00:00Z`);
  pdf.setTitle(meta.title, { showInWindowTitleBar: true });
  pdf.setAuthor(meta.author);
  if (meta.subject) pdf.setSubject(meta.subject);
  pdf.setLanguage(meta.lang);
  pdf.setCreator(meta.creator);
  pdf.setProducer(meta.producer);
  pdf.setCreationDate(date);
  pdf.setModificationDate(date);

  // UTF-8 bytes: pdf-lib writes a JS string one byte per UTF-16 code unit, which no XML parser reads.
  const packet = xmpPacket({ title: meta.title, author: meta.author, lang: meta.lang, date: meta.date, producer: meta.producer, creatorTool: meta.creator });
  const xmp = pdf.context.stream(Buffer.from(packet, 'utf8'), { Type: 'Metadata', Subtype: 'XML' });
  pdf.catalog.set(PDFName.of('Metadata'), pdf.context.register(xmp));
  setPageLabels(pdf, meta.pageLabels ?? [{ start: 0, style: 'D' }]);
  describeLinks(pdf, meta.linkTargets ?? new Map(), meta.lang);
  markArtifacts(pdf);
  repairStructure(pdf);
  renumberStructIds(pdf);
  setTabOrder(pdf);
  compactObjectNumbers(pdf);
}

/** The /ID (both halves from the input, not from Chromium's bytes: they hold the clock), then the bytes. */
export async function savePdf(pdf: PDFDocument, meta: PdfMetadata): Promise<FinishedPdf> {
  const id = sha256(JSON.stringify({ ...meta, linkTargets: [...(meta.linkTargets ?? [])] })).slice(0, 32);
  pdf.context.trailerInfo.ID = pdf.context.obj([PDFHexString.of(id), PDFHexString.of(id)]);
  const bytes = Buffer.from(await pdf.save(SAVE_OPTIONS));
  return { bytes, pages: pdf.getPageCount() };
}
