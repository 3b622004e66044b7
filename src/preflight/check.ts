import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFStream,
  type PDFPage,
} from 'pdf-lib';
import { decodeStream, pageContentText } from '../finish/streams.ts';
import { IDENTITY, multiply, xobjectPlacements, type Matrix } from './content.ts';
import { LOAD_OPTIONS } from '../finish/pdf-options.ts';
import { parseOperations } from '../pdf/content.ts';
import { emptyColourUse, isRgbSpace, scanColour, type ColourUse } from './colour.ts';

const MM_PER_PT = 25.4 / 72;

export interface PreflightFinding {
  severity: 'error' | 'warning';
  page?: number;
  message: string;
}

export interface PreflightReport {
  pages: number;
  /** Page 1's boxes in mm: [width, height]. */
  mediaBox: [number, number];
  trimBox: [number, number] | undefined;
  /** Bleed beyond the TrimBox on each side, mm, when both boxes are set. */
  bleed: number | undefined;
  fonts: { name: string; type: string; embedded: boolean; toUnicode: boolean }[];
  images: { page: number; pixels: [number, number]; dpi: number; rgb: boolean }[];
  findings: PreflightFinding[];
}

export interface PreflightOptions {
  /** Resolution a printed image needs, in dots per inch. */
  minDpi?: number;
  impose?: 'saddle';
}

/** What a print shop checks before accepting a PDF. */
export async function preflight(input: Uint8Array | PDFDocument, options: PreflightOptions = {}): Promise<PreflightReport> {
  const minDpi = options.minDpi ?? 300;
  const pdf = input instanceof PDFDocument ? input : await PDFDocument.load(input, LOAD_OPTIONS);
  const pages = pdf.getPages();
  const findings: PreflightFinding[] = [];
  const first = pages[0]!;
  const media = first.getMediaBox();
  const hasTrim = first.node.get(PDFName.of('TrimBox')) !== undefined;
  const hasBleed = first.node.get(PDFName.of('BleedBox')) !== undefined;
  const trim = hasTrim ? first.getTrimBox() : undefined;
  const bleedBox = hasBleed ? first.getBleedBox() : undefined;
  const mm = (pt: number) => Math.round(pt * MM_PER_PT * 100) / 100;

  pages.forEach((page, index) => {
    const size = page.getMediaBox();
    if (Math.abs(size.width - media.width) > 0.5 || Math.abs(size.height - media.height) > 0.5) {
      findings.push({ severity: 'warning', page: index + 1, message: `page size ${mm(size.width)} × ${mm(size.height)} mm differs from page 1` });
    }
  });
  if (!hasTrim) findings.push({ severity: 'warning', message: 'no TrimBox: the press cannot tell the finished size (use the .print.pdf)' });
  if (hasTrim && !hasBleed) findings.push({ severity: 'warning', message: 'TrimBox without BleedBox: no bleed' });

  const fonts = new Map<string, PreflightReport['fonts'][number]>();
  const images: PreflightReport['images'] = [];
  const colour: ColourUse[] = [];
  pages.forEach((page, index) => {
    colour.push(emptyColourUse());
    scanPage(pdf, page, index + 1, fonts, images, colour[index]!);
  });
  for (const font of fonts.values()) {
    if (font.type === 'Type3') findings.push({ severity: 'error', message: `font ${font.name} is Type 3 (print shops reject it)` });
    else if (!font.embedded) findings.push({ severity: 'error', message: `font ${font.name} is not embedded` });
    else if (!font.toUnicode) findings.push({ severity: 'warning', message: `font ${font.name} has no ToUnicode map (text will not extract)` });
  }
  for (const image of images) {
    if (image.dpi < minDpi) {
      findings.push({ severity: 'error', page: image.page, message: `image ${image.pixels[0]}×${image.pixels[1]} px prints at ${Math.round(image.dpi)} dpi (below ${minDpi})` });
    }
  }
  // Colour, one finding per kind with the pages it is on: a press separates CMYK.
  const pagesWhere = (test: (use: ColourUse) => boolean) => colour.flatMap((use, i) => (test(use) ? [i + 1] : []));
  const rgbPages = pagesWhere((use) => use.rgbVector);
  if (rgbPages.length) {
    findings.push({ severity: 'warning', message: `RGB colour in text or graphics on ${pageList(rgbPages)}: the press needs CMYK (build with --pdfx)` });
  }
  const rgbImages = images.filter((image) => image.rgb);
  if (rgbImages.length) {
    findings.push({ severity: 'warning', message: `${rgbImages.length} RGB image${rgbImages.length > 1 ? 's' : ''} on ${pageList([...new Set(rgbImages.map((i) => i.page))])}: the press needs CMYK (build with --pdfx)` });
  }
  const richPages = pagesWhere((use) => use.richBlack.length > 0);
  if (richPages.length) {
    const sample = colour.find((use) => use.richBlack.length)!.richBlack[0];
    findings.push({ severity: 'warning', message: `rich black (C M Y K ${sample}) on ${pageList(richPages)}: black text and rules need K only` });
  }
  if (options.impose === 'saddle' && pages.length % 4 !== 0) {
    findings.push({ severity: 'warning', message: `${pages.length} pages: saddle stitching adds ${4 - (pages.length % 4)} blank page(s) to reach a multiple of 4` });
  }

  return {
    pages: pages.length,
    mediaBox: [mm(media.width), mm(media.height)],
    trimBox: trim ? [mm(trim.width), mm(trim.height)] : undefined,
    bleed: trim && bleedBox ? mm(trim.x - bleedBox.x) : undefined,
    fonts: [...fonts.values()],
    images,
    findings,
  };
}

/** `page 3`, `pages 1–4`, `pages 2, 5, 7`. */
function pageList(pages: number[]): string {
  if (pages.length === 1) return `page ${pages[0]}`;
  const consecutive = pages.every((p, i) => i === 0 || p === pages[i - 1]! + 1);
  return consecutive ? `pages ${pages[0]}–${pages.at(-1)}` : `pages ${pages.join(', ')}`;
}

function scanPage(pdf: PDFDocument, page: PDFPage, pageNumber: number, fonts: Map<string, PreflightReport['fonts'][number]>, images: PreflightReport['images'], colour: ColourUse): void {
  const content = pageContentText(pdf, page.node);
  scanResources(pdf, page.node.Resources(), content, IDENTITY, pageNumber, fonts, images, 0, colour);
}

function scanResources(
  pdf: PDFDocument,
  resources: PDFDict | undefined,
  content: string,
  start: Matrix,
  pageNumber: number,
  fonts: Map<string, PreflightReport['fonts'][number]>,
  images: PreflightReport['images'],
  depth: number,
  colour: ColourUse,
): void {
  if (!resources || depth > 8) return;
  // Read once for both scans.
  const operations = parseOperations(content);
  scanColour(pdf, operations, resources, colour);
  const fontDict = resources.lookupMaybe(PDFName.of('Font'), PDFDict);
  for (const [, ref] of fontDict?.entries() ?? []) {
    const font = pdf.context.lookup(ref);
    if (font instanceof PDFDict) recordFont(font, fonts, ref instanceof PDFRef ? ref.toString() : undefined);
  }
  const xobjects = resources.lookupMaybe(PDFName.of('XObject'), PDFDict);
  if (!xobjects) return;
  for (const placement of xobjectPlacements(operations, start)) {
    const object = xobjects.lookup(PDFName.of(placement.name));
    if (!(object instanceof PDFStream)) continue;
    const subtype = object.dict.get(PDFName.of('Subtype'))?.toString();
    if (subtype === '/Image') {
      const width = numberOf(object.dict.get(PDFName.of('Width')));
      const height = numberOf(object.dict.get(PDFName.of('Height')));
      // The unit square is mapped to the printed size by the matrix.
      const printedWidthIn = Math.hypot(placement.matrix[0], placement.matrix[1]) / 72;
      const printedHeightIn = Math.hypot(placement.matrix[2], placement.matrix[3]) / 72;
      if (width && height && printedWidthIn > 0 && printedHeightIn > 0) {
        const rgb = isRgbSpace(pdf, object.dict.get(PDFName.of('ColorSpace')), resources);
        images.push({ page: pageNumber, pixels: [width, height], dpi: Math.min(width / printedWidthIn, height / printedHeightIn), rgb });
      }
    } else if (subtype === '/Form' && object instanceof PDFRawStream) {
      const matrixArray = object.dict.lookupMaybe(PDFName.of('Matrix'), PDFArray);
      const formMatrix = matrixArray ? (matrixArray.asArray().map(numberOf) as Matrix) : IDENTITY;
      const inner = new TextDecoder('latin1').decode(decodeStream(object));
      scanResources(pdf, object.dict.lookupMaybe(PDFName.of('Resources'), PDFDict), inner, multiply(formMatrix, placement.matrix), pageNumber, fonts, images, depth + 1, colour);
    }
  }
}

function recordFont(font: PDFDict, fonts: Map<string, PreflightReport['fonts'][number]>, key: string | undefined): void {
  const name = font.get(PDFName.of('BaseFont'))?.toString().slice(1) ?? '(unnamed)';
  const type = font.get(PDFName.of('Subtype'))?.toString().slice(1) ?? '?';
  const descendant = font.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.lookup(0, PDFDict);
  const descriptor = (descendant ?? font).lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
  const embedded = type === 'Type3' || ['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor?.get(PDFName.of(k)) !== undefined);
  const toUnicode = font.get(PDFName.of('ToUnicode')) !== undefined;
  fonts.set(key ?? name, { name, type, embedded, toUnicode });
}


function numberOf(value: unknown): number {
  return value instanceof PDFNumber ? value.asNumber() : Number(String(value));
}
