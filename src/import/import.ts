import { parseDocument } from 'yaml';
import { normalizePunctuation } from '../cjk/punctuation.ts';
import { UserError } from '../errors.ts';
import { refuseNonYamlFrontMatter } from '../source/frontmatter.ts';
import { METADATA_LABEL, removeBoilerplate, type RemovedLine, type SourceLine } from './boilerplate.ts';
import { decodeInput } from './decode.ts';
import { htmlToLines, type HtmlLines } from './html.ts';
import { coverageWarnings, measureCoverage, type Coverage } from './coverage.ts';
import { planImages, type ImportedImage } from './images.ts';
import { RawTokens, isPlaceholderLine, withoutPlaceholderChars } from './raw-tokens.ts';
import { htmlNestingDepth } from './html-depth.ts';
import { limitsFromEnv } from '../limits.ts';
import { boldLeadSentences } from './lead.ts';
import { renderMarkdown, type ImportedFrontMatter } from './markdown.ts';
import { paragraphLines, readMarkdownBody, takeMarkdownTitle, writeMarkdownBody } from './markdown-source.ts';
import type { Root } from 'mdast';
import { toString as mdastToString } from 'mdast-util-to-string';
import { dateInText, isTitleLike, issuerFromMeeting, issuerFromTitle, issuerInText, parseSubtitleLine, parseTitleLine, signatureOf } from './metadata.ts';
import { HEADING_NUMBERS, parseBlocks, type Block, type SourceFormat } from './structure.ts';
import { GONGWEN_KINDS, takeNotice, type Notice } from './notice.ts';

export interface ImportOptions {
  /** The file as shown in messages. */
  shownFile: string;
  /** `.txt`, `.md`, `.html`… decides how the text is read. */
  extension: string;
  encoding?: string;
  /** The date written when the text has none (YYYY-MM-DD). */
  today: string;
}

export interface ImportReport {
  file: string;
  format: SourceFormat;
  encoding: string;
  encodingSource: string;
  title: string;
  author: string;
  authorSource: string;
  date: string;
  dateSource: string;
  region: string | null;
  removed: RemovedLine[];
  headings: { depth: number; text: string }[];
  leadSentences: string[];
  punctuationFixes: number;
  /** The 公文 elements recognised (a notice's shape), or null. */
  gongwen: Record<string, unknown> | null;
  /** Images the document shows, written beside index.md (web pages, Word files). */
  images: { name: string; alt: string; from: string }[];
  /** For a web page: how much of its main text was kept. */
  coverage: Coverage | null;
  warnings: string[];
}

export interface ImportResult {
  markdown: string;
  report: ImportReport;
  /** Images for the caller to copy beside index.md (src/import/images.ts). */
  images: ImportedImage[];
}

/** HTML the importer already has as a document (a Word file's conversion), with its images' bytes. */
export interface ConvertedHtml {
  html: string;
  format: SourceFormat;
  images?: ReadonlyMap<string, { bytes: Buffer; contentType: string }>;
  warnings?: string[];
}

const FORMATS: Readonly<Record<string, SourceFormat>> = { '.txt': 'text', '.text': 'text', '.md': 'markdown', '.markdown': 'markdown', '.html': 'html', '.htm': 'html' };

/** Raw bytes of a .txt, .md or .html file → a paiban Markdown source and a report of what was done. */
/** A page nested past the depth limit never reaches the recursive DOM parser (see html-depth.ts). */
function refuseDeepHtml(html: string, shownFile: string): void {
  const { maxDepth } = limitsFromEnv();
  const { depth, line } = htmlNestingDepth(html, maxDepth);
  if (depth > maxDepth) {
    throw new UserError(`nests HTML elements more than ${maxDepth} levels deep (limit PAIBAN_MAX_DEPTH); is it machine-generated?`, { file: shownFile, line });
  }
}

export function importDocument(bytes: Buffer, options: ImportOptions, converted?: ConvertedHtml): ImportResult {
  const format = converted?.format ?? FORMATS[options.extension.toLowerCase()];
  if (!format) throw new UserError(`cannot import "${options.extension || 'a file without extension'}"; import reads .txt, .md, .html and .docx`, { file: options.shownFile });
  const decoded = converted
    ? { text: converted.html, encoding: 'utf-8', encodingSource: 'the Word file', warnings: converted.warnings ?? [] }
    : decodeInput(bytes, options.shownFile, { encoding: options.encoding, html: format === 'html' });
  const warnings = [...decoded.warnings];
  const tokens = new RawTokens();

  let text = withoutPlaceholderChars(decoded.text);
  let existing: Partial<ImportedFrontMatter> = {};
  if (format === 'markdown') ({ existing, text } = splitFrontMatter(text, options.shownFile));
  const isHtml = format === 'html' || format === 'docx';
  if (isHtml) refuseDeepHtml(text, options.shownFile);
  const page: HtmlLines | undefined = isHtml ? htmlToLines(text, { tokens, article: format === 'html' }) : undefined;
  // Markdown is parsed (remark), not read line by line: its paragraphs are the lines the rules see.
  const md = format === 'markdown' ? readMarkdownBody(text) : undefined;
  const { kept, removed } = md ? { kept: paragraphLines(md.tree), removed: md.removed } : removeBoilerplate(page ? page.lines : text.split('\n'));

  const harvested = harvestMetadata(removed);
  // A speech's title over its `——…会议上` line; else a 公文's own elements leave the body for the front matter (src/import/notice.ts).
  let head = existing.title ? undefined : takeReportHead(kept, removed);
  const notice = existing.title || head ? undefined : takeNotice(kept, { written: page?.record?.written });
  const signature = notice ? { author: notice.signature, date: notice.date } : signatureOf(kept.map((l) => l.text));
  if (md) keepOnly(md.tree, kept);
  // An order has no title line: it is named by what its page's record calls it, else by its mark and 令号.
  const noticeTitle = notice && (notice.orderMark ? (page?.record?.title ?? `${notice.orderMark}${notice.number ?? ''}`) : notice.titleLines.join(''));
  let titleLine = existing.title ? undefined : head ? head.title : notice ? noticeTitle : md ? takeMarkdownTitle(md.tree) : takeTitleLine(kept);
  if (md && titleLine && !head && !notice) head = takeMarkdownSubtitle(md.tree, titleLine);
  const parsedTitle = titleLine ? parseTitleLine(titleLine) : undefined;

  const normalise = existing.punctuation !== false;
  let punctuationFixes = 0;
  const tidy = (value: string): string => {
    if (!normalise) return value;
    const result = normalizePunctuation(value);
    punctuationFixes += result.fixes.length;
    return result.text;
  };

  const leadSentences: string[] = [];
  const bold = (text: string): string => {
    const { text: bolded, leads } = boldLeadSentences(text);
    leadSentences.push(...leads);
    return bolded;
  };
  let body: Block[] | string;
  let headings: { depth: number; text: string }[];
  if (md) ({ markdown: body, headings } = writeMarkdownBody(md.tree, { tidy, bold }));
  else {
    body = parseBlocks(kept, format)
      .map((block) => tidyBlock(block, tidy))
      .map((block): Block => {
        if (block.kind === 'paragraph') return { ...block, text: bold(block.text) };
        if (block.kind === 'list') return { ...block, items: block.items.map((item) => ({ ...item, text: bold(item.text) })) };
        return block;
      });
    headings = body.flatMap((b) => (b.kind === 'heading' ? [{ depth: b.depth, text: b.text }] : []));
  }

  const title = existing.title ?? (parsedTitle ? tidy(parsedTitle.title) : undefined);
  if (!title) throw new UserError('no title found: the first line should be the title (or give the Markdown front matter a title)', { file: options.shownFile });
  const region = existing.region ?? parsedTitle?.region;
  // The page's own record of the document (src/import/record-table.ts) outranks what the text suggests.
  const { record } = page ?? {};
  const [author, authorSource] = pick(
    [existing.author, 'front matter'],
    [record?.issuer, "the page's document record"],
    [issuerFromTitle(title), 'the title'],
    [issuerFromMeeting(title, head?.place), 'the subtitle'],
    [signature.author, 'the signature'],
    [harvested.author, 'the page metadata'],
    [region, 'the region'],
  ) ?? [notice ? undefined : '未署名', 'none found'];
  // A notice is signed and dated by its issuer: never make one up.
  if (authorSource === 'none found') warnings.push(notice ? 'no 发文机关署名 found: author left out of the front matter — set it before building' : 'no author found; wrote 未署名 — set author in the front matter');
  const [date, dateSource] = pick([existing.date, 'front matter'], [record?.written, "the page's document record"], [parsedTitle?.date, 'the title'], [head?.date, 'the subtitle'], [signature.date, 'the signature'], [harvested.date, 'the page metadata']) ?? [notice ? undefined : options.today, 'none found'];
  if (dateSource === 'none found') warnings.push(notice ? 'no 成文日期 found: date left out of the front matter — set it before building' : `no date found; wrote today's date ${options.today} — set date in the front matter`);
  if (notice && !notice.number && record?.number) notice.number = record.number;
  const gongwen = notice ? gongwenFields(notice, title, tidy) : existing.gongwen;

  const meta: ImportedFrontMatter = {
    title,
    ...(existing.subtitle ? { subtitle: existing.subtitle } : head ? { subtitle: tidy(head.subtitle) } : {}),
    author,
    date,
    ...(region ? { region } : {}),
    lang: existing.lang ?? 'zh-CN',
    layout: existing.layout ?? (notice && (notice.orderMark || GONGWEN_KINDS.test(title)) ? 'gongwen' : 'booklet'),
    edition: existing.edition ?? '1',
    ...(existing.punctuation === false ? { punctuation: false } : {}),
    ...(gongwen && Object.keys(gongwen).length ? { gongwen } : {}),
  };
  const images = planImages(page?.images ?? [], tokens, converted?.images);
  for (const image of images) if (image.warning) warnings.push(image.warning);
  const markdown = tokens.restore(renderMarkdown(meta, body, { plainText: format !== 'markdown' }));
  // A notice's title, number, signature and date are in the front matter now, which the layout prints: kept too.
  const coverage = page && format === 'html' ? measureCoverage(page.pageBlocks, page.hidden, notice ? `${markdown}\n${notice.taken.join('\n')}` : markdown) : null;
  if (coverage) warnings.push(...coverageWarnings(coverage));
  return {
    markdown,
    images,
    report: {
      file: options.shownFile,
      format,
      encoding: decoded.encoding,
      encodingSource: decoded.encodingSource,
      title,
      author: author ?? '',
      authorSource,
      date: date ?? '',
      dateSource,
      region: region ?? null,
      removed,
      headings,
      leadSentences,
      punctuationFixes,
      gongwen: gongwen ?? null,
      images: images.map((image) => ({ name: image.name, alt: image.alt, from: image.from })),
      coverage,
      warnings,
    },
  };
}

/** The `gongwen:` front matter for a recognised notice: what the text gave, in the schema's order. */
function gongwenFields(notice: Notice, title: string, tidy: (text: string) => string): Record<string, unknown> {
  const kind = notice.orderMark || /令$/.test(title) ? 'order' : /函$/.test(title) ? 'letter' : /纪要$/.test(title) ? 'minutes' : undefined;
  const fields: Record<string, unknown> = {
    kind,
    mark: notice.orderMark,
    number: notice.number,
    to: notice.to && tidy(notice.to),
    attachments: notice.attachments.length ? notice.attachments.map(tidy) : undefined,
    note: notice.note && tidy(notice.note),
    cc: notice.cc?.map(tidy),
    issuedBy: notice.issuedBy,
    issuedOn: notice.issuedOn,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

function pick(...candidates: [string | undefined, string][]): [string, string] | undefined {
  const found = candidates.find(([value]) => value !== undefined && value !== '');
  return found as [string, string] | undefined;
}

/**
 * The title is the first line of the text when it reads like one: short, no
 * sentence, not an official heading. A Markdown `# 标题` counts too.
 */
function takeTitleLine(kept: SourceLine[]): string | undefined {
  const index = kept.findIndex((l) => l.text.trim() !== '');
  if (index < 0) return undefined;
  const line = kept[index]!.text.trim();
  const heading = /^#\s+(.+?)\s*#*$/.exec(line);
  const candidate = heading ? heading[1]! : line;
  // A placeholder (a table, an image, raw HTML kept as it was) is never a title.
  if (!heading && (!isTitleLike(candidate) || isPlaceholderLine(candidate) || /^#/.test(candidate) || HEADING_NUMBERS.some(({ pattern }) => pattern.test(candidate)))) return undefined;
  kept.splice(index, 1);
  return candidate;
}

/** How far down a scraped page the title and its subtitle line may be (past leftover furniture). */
const HEAD_LINES = 12;

/**
 * A report or speech: its title line stands right above a subtitle line
 * `——2026年2月3日在…会议上`. Both leave the body; short lines above the title
 * (a site's name, a leftover control) are page furniture and are reported
 * as removed. Undefined when there is no such subtitle line.
 */
function takeReportHead(kept: SourceLine[], removed: RemovedLine[]): { title: string; subtitle: string; date?: string; place?: string } | undefined {
  const filled = kept.flatMap((l, i) => (l.text.trim() ? [i] : [])).slice(0, HEAD_LINES);
  const at = filled.findIndex((i) => parseSubtitleLine(kept[i]!.text) !== undefined);
  if (at < 1) return undefined;
  const titleIndex = filled[at - 1]!;
  const title = kept[titleIndex]!.text.trim();
  const before = filled.slice(0, at - 1);
  if (!isTitleLike(title) || !before.every((i) => isTitleLike(kept[i]!.text))) return undefined;
  const subtitle = parseSubtitleLine(kept[filled[at]!]!.text)!;
  for (const i of before) removed.push({ rule: 'before-title', line: kept[i]!.line, text: kept[i]!.text.trim() });
  removed.sort((a, b) => a.line - b.line);
  kept.splice(0, filled[at]! + 1);
  return { title, ...subtitle };
}

/** Keep in the Markdown tree only the paragraphs still in `kept` (the notice and head rules took the others). */
function keepOnly(tree: Root, kept: readonly SourceLine[]): void {
  const nodes = new Set(kept.map((line) => (line as SourceLine & { node?: unknown }).node));
  tree.children = tree.children.filter((node) => node.type !== 'paragraph' || nodes.has(node));
}

/** In Markdown, a `# title` may be followed by its `——…会议上` paragraph. */
function takeMarkdownSubtitle(tree: Root, title: string): { title: string; subtitle: string; date?: string; place?: string } | undefined {
  const first = tree.children[0];
  const subtitle = first?.type === 'paragraph' ? parseSubtitleLine(mdastToString(first)) : undefined;
  if (!subtitle) return undefined;
  tree.children.shift();
  return { title, ...subtitle };
}

/** Date and issuer from removed metadata lines (发布时间：… 来源：…). */
function harvestMetadata(removed: readonly RemovedLine[]): { date?: string; author?: string } {
  const metadata = removed.filter((r) => r.rule === 'page-metadata' && METADATA_LABEL.test(r.text));
  const date = metadata.map((r) => dateInText(r.text)).find(Boolean);
  const author = metadata.map((r) => issuerInText(r.text)).find(Boolean);
  return { ...(date ? { date } : {}), ...(author ? { author } : {}) };
}

function tidyBlock(block: Block, tidy: (text: string) => string): Block {
  switch (block.kind) {
    case 'heading':
    case 'paragraph':
      return { ...block, text: tidy(block.text) };
    case 'list':
      return { ...block, items: block.items.map((item) => ({ ...item, text: tidy(item.text) })) };
    case 'table':
      return { ...block, rows: block.rows.map((row) => row.map(tidy)) };
    case 'code':
      return block;
  }
}

const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/;
const KEPT_FIELDS = ['title', 'subtitle', 'author', 'date', 'region', 'lang', 'layout', 'edition'] as const;

/** A Markdown file's YAML front matter (YAML only, as for a build) and the text after it. */
function splitFrontMatter(text: string, shownFile: string): { existing: Partial<ImportedFrontMatter>; text: string } {
  refuseNonYamlFrontMatter(text, shownFile);
  const match = FRONT_MATTER.exec(text);
  if (!match) return { existing: {}, text };
  const doc = parseDocument(match[1]!, { schema: 'core', customTags: [], uniqueKeys: true });
  if (doc.errors.length) throw new UserError(`invalid YAML front matter: ${doc.errors[0]!.message.split('\n')[0]}`, { file: shownFile, line: 2 });
  const data = (doc.toJS({ maxAliasCount: 50 }) ?? {}) as Record<string, unknown>;
  const existing: Partial<ImportedFrontMatter> = {};
  for (const key of KEPT_FIELDS) {
    const value = data[key];
    if (typeof value === 'string' || typeof value === 'number') existing[key] = String(value);
  }
  if (data['punctuation'] === false) existing.punctuation = false;
  const gongwen = data['gongwen'];
  if (gongwen && typeof gongwen === 'object' && !Array.isArray(gongwen)) existing.gongwen = gongwen as Record<string, unknown>;
  // Blank lines stand in for the front matter so line numbers in the report match the file.
  const skipped = match[0].split('\n').length - 1;
  return { existing, text: '\n'.repeat(skipped) + text.slice(match[0].length) };
}
