// Stage 3: the parsed Markdown → the edition's HTML tree: numbered, punctuated, converted (in the HTML processor), in chapters.
import { sectionChapters, type SectionedBody } from '../booklet/chapters.ts';
import { normalizePunctuation } from '../cjk/punctuation.ts';
import type { Root } from 'hast';
import { traditionalConverter } from '../editions/script.ts';
import { splitAttachments } from '../gongwen/attachments.ts';
import { footnotesToNotes } from '../gongwen/footnotes.ts';
import { hastToHtml, markdownToHast } from '../markdown/html.ts';
import { transformBody } from '../markdown/transforms.ts';
import { punctuationNote } from '../markdown/punctuation.ts';
import { checkRawImages } from '../markdown/raw-images.ts';
import { tablesWithoutHeaders } from '../markdown/table-headers.ts';
import { moveHeadingIdsOutOfReserved } from '../markdown/reserved-ids.ts';
import type { FrontMatter } from '../source/frontmatter.ts';
import type { EditionPlan } from './plan-stage.ts';
import type { ParsedSource } from './source-stage.ts';

export interface EditionTree {
  /** The front matter in the edition's script. */
  meta: FrontMatter;
  /** The body in chapters, with the contents' entries. */
  body: SectionedBody;
  /** 公文: each attachment's own text as HTML. */
  attachmentHtml: string[];
  /** 公文: the 附注 lines (footnotes become these). */
  notes: string[];
}

export async function transformTree(parsed: ParsedSource, plan: EditionPlan, warn: (message: string) => void, note: (message: string) => void): Promise<EditionTree> {
  const { source, shownFile, images } = parsed;
  const { edition } = plan;
  const meta = { ...plan.meta };
  const tree = structuredClone(parsed.tree);
  const isGongwenLayout = meta.layout === 'gongwen';
  // A 公文 has no footnotes: they become 附注 lines, with a warning each.
  const gongwenNotes = isGongwenLayout ? footnotesToNotes(tree) : { notes: [], lines: [] };
  for (const line of gongwenNotes.lines) warn(`${shownFile}:${line}: a footnote in a 公文 (GB/T 9704-2012 has none) is set as 附注 text after the date`);
  if (meta.punctuation) gongwenNotes.notes = gongwenNotes.notes.map((note) => normalizePunctuation(note).text);
  // Each attachment's own text, after the body under `# 附件N`, is set like the body.
  const attachmentTrees = isGongwenLayout ? splitAttachments(tree, meta.gongwen?.attachments ?? [], { file: shownFile }) : [];
  // paiban's mdast transforms, then the project's remark plugins (src/markdown/transforms.ts).
  let marksSet = 0;
  const counted = { numbering: meta.numbering, punctuation: meta.punctuation, marksSet: (count: number) => (marksSet += count) };
  for (const part of [tree, ...attachmentTrees]) await transformBody(part, counted, parsed.project.plugins.remark);
  if (marksSet) note(`${shownFile}: ${punctuationNote(marksSet)}`);
  // The body's text is converted in the HTML processor (rehypeTraditional); the words outside it here.
  const hastOptions = { lang: meta.lang, rehype: parsed.project.rehype, traditional: edition.script === 'zh-Hant' ? edition.variant : undefined, halfWidthRuns: isGongwenLayout };
  const hast = await markdownToHast(tree, hastOptions);
  const attachmentHasts: Root[] = [];
  for (const part of attachmentTrees) attachmentHasts.push(await markdownToHast(part, hastOptions));
  if (edition.script === 'zh-Hant') {
    const convert = traditionalConverter(edition.variant);
    meta.title = convert(meta.title);
    meta.author = convert(meta.author);
    if (meta.subtitle) meta.subtitle = convert(meta.subtitle);
    // The 公文 elements are the document's words too (the seal path is not).
    if (meta.gongwen) {
      const { seal, ...words } = meta.gongwen;
      const converted = JSON.parse(JSON.stringify(words), (key, value: unknown) => (typeof value === 'string' && key !== 'kind' && key !== 'issuedOn' && key !== 'copy' ? convert(value) : value)) as typeof words;
      meta.gongwen = { ...converted, ...(seal ? { seal } : {}) };
    }
    gongwenNotes.notes = gongwenNotes.notes.map(convert);
  }
  moveHeadingIdsOutOfReserved(hast);
  const body = sectionChapters(hast);
  checkRawImages(body.tree, new Set(images.map((image) => image.urlPath)), source.dir, shownFile);
  for (const part of [hast, ...attachmentHasts]) {
    for (const line of tablesWithoutHeaders(part)) {
      warn(`${shownFile}:${line || '?'}: a table without header cells (<th>): no reader of the PDF or HTML can tell what its columns hold (PDF/UA 15-005, WCAG 1.3.1); make its first row <th> cells`);
    }
  }
  return { meta, body, attachmentHtml: attachmentHasts.map((attachment) => hastToHtml(attachment)), notes: gongwenNotes.notes };
}
