import { LineCounter, parseDocument, isNode, visit } from 'yaml';
import { z } from 'zod';
import { TrimSchema } from '../booklet/trim.ts';
import { EditionsSchema } from '../editions/editions.ts';
import { UserError } from '../errors.ts';
import { FontsSchema } from '../fonts/config.ts';
import { FONT_ROLES } from '../fonts/faces.ts';
import { NUMBERING_SCHEMES } from '../markdown/official.ts';
import { GongwenSchema } from '../gongwen/schema.ts';

/** The document options a source declares in its YAML front matter. */
export const FrontMatterSchema = z
  .object({
    title: z.string().trim().min(1),
    subtitle: z.string().trim().min(1).optional(),
    author: z.string().trim().min(1),
    date: z.iso.date({ message: 'date must be an ISO date, e.g. 2023-02-01' }),
    lang: z
      .string()
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'lang must be a BCP 47 tag such as zh-CN' })
      .default('zh-CN'),
    layout: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, { message: 'layout must be a layout name such as booklet' })
      .default('booklet'),
    // `edition: 2` is as natural as `edition: "2"`.
    /** Finished page size: A4, A5, 16开, 大32开… or WxH in mm. */
    trim: TrimSchema.default('A4'),
    /** Bleed for the print PDF, in mm. */
    bleed: z.number().min(0).max(10).default(3),
    /** Large print: the PDF and HTML reflow at 1.5× the body size. */
    largePrint: z.boolean().default(false),
    /** `vertical`: the HTML and EPUB set the text top to bottom, columns right to left (竖排); the PDFs stay horizontal. */
    writing: z.enum(['horizontal', 'vertical'], { message: 'writing must be horizontal or vertical' }).default('horizontal'),
    /** Book layouts: false leaves out the cover, colophon and contents (the body starts on page 1). */
    cover: z.boolean().default(true),
    /**
     * Book layouts: where a chapter (`#` heading) opens. `right`: on a
     * right-hand page, a blank left page inserted when needed (books);
     * `page`: on the next page; `continue`: runs on (一、二、三 of a report
     * booklet). Default: paiban.config.yaml's, else right.
     */
    chapterStart: z.enum(['right', 'page', 'continue'], { message: 'chapterStart must be one of: right, page, continue' }).optional(),
    /** Booklet: `true` puts Chromium's 1/8 em spacing between Han and Latin or digits (default: none, as official booklets print). */
    autospace: z.boolean({ message: 'autospace must be true or false' }).optional(),
    /** The colophon's 印次: which printing of the edition this is (default 1). */
    printing: z.number().int().min(1).max(999).optional(),
    /** The printer line on the colophon (版权页). */
    printer: z.string().trim().min(1).optional(),
    edition: z.union([z.string().trim().min(1), z.number().transform(String)]).default('1'),
    /** Font files per role for this document, inside its folder (see docs/syntax.md). */
    fonts: FontsSchema.optional(),
    /** `gongwen`: headings numbered 一、 / （一） / 1. / （1） by depth (GB/T 9704). */
    numbering: z.enum(NUMBERING_SCHEMES, { message: `numbering must be one of: ${NUMBERING_SCHEMES.join(', ')}` }).optional(),
    /** Declared editions; the first is the default (see src/editions). */
    editions: EditionsSchema.optional(),
    /** The place a title was issued for, from a `(浙江省)` prefix on import. */
    region: z.string().trim().min(1).optional(),
    /** Full-width punctuation in Chinese text (src/cjk); `false` keeps the source's marks as typed. */
    punctuation: z.boolean({ message: 'punctuation must be true or false' }).default(true),
    /** The elements of an official document around its body (layout gongwen, GB/T 9704-2012; src/gongwen). */
    gongwen: GongwenSchema.optional(),
  })
  .strict();

export type FrontMatter = z.infer<typeof FrontMatterSchema>;

export interface ParsedFrontMatter {
  data: FrontMatter;
  /** The file line of each top-level field, for later errors about its value. */
  lines: Record<string, number>;
}

/** A `---js`, `---javascript`, `---coffee`… opener: front matter that other tools execute. */
const EXECUTABLE_FENCE = /^---[ \t]*([A-Za-z][\w-]*)[ \t]*\r?$/;

/**
 * Refuse front matter in any language but YAML before anything parses it:
 * gray-matter-style engines run `---js` blocks (CVE-2021-23639).
 */
export function refuseNonYamlFrontMatter(markdown: string, shownFile: string): void {
  const firstLine = markdown.slice(0, markdown.indexOf('\n') >>> 0);
  const match = EXECUTABLE_FENCE.exec(firstLine);
  if (match) {
    throw new UserError(`front matter must be YAML; a '---${match[1]}' block is refused`, { file: shownFile, line: 1 });
  }
}

/**
 * Parse front matter YAML with the core schema only (no custom tags, no code),
 * then validate it. `firstLine` is the file line on which the YAML text starts.
 */
export function parseFrontMatter(yamlText: string, shownFile: string, firstLine: number): ParsedFrontMatter {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, {
    lineCounter,
    schema: 'core',
    customTags: [],
    strict: true,
    uniqueKeys: true,
    prettyErrors: false,
  });
  const lineOf = (offset: number | undefined): number =>
    firstLine + (offset === undefined ? 0 : lineCounter.linePos(offset).line - 1);

  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const reason = problem.message.split('\n')[0] ?? 'invalid YAML';
    // Unclosed brackets are reported where the text ends; name the field they belong to.
    const offset = fieldStartBefore(doc.contents, problem.pos[0]) ?? problem.pos[0];
    throw new UserError(`invalid YAML front matter: ${reason}`, { file: shownFile, line: lineOf(offset) });
  }

  // The file's bytes were checked for NUL, but YAML escapes make any
  // character: "\0" or "\e[2J" in a title would reach the HTML, the PDF's
  // metadata and terminals. Tab and line breaks are text; other controls are not.
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value !== 'string') return;
      const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.exec(node.value);
      if (control) {
        const code = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
        throw new UserError(`front matter text contains the control character ${code}${code === 'U+0000' ? ' (NUL)' : ''}; remove the escape`, { file: shownFile, line: lineOf(node.range?.[0]) });
      }
    },
  });

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 }) ?? {};
  } catch (error) {
    throw new UserError(`invalid YAML front matter: ${(error as Error).message}`, { file: shownFile, line: firstLine });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UserError('front matter must be a YAML mapping of fields (title: …)', { file: shownFile, line: firstLine });
  }

  const result = FrontMatterSchema.safeParse(data);
  if (result.success) {
    const lines: Record<string, number> = {};
    for (const key of Object.keys(data)) {
      const offset = findKeyNode(doc.contents, key)?.range?.[0];
      if (offset !== undefined && offset !== null) lines[key] = lineOf(offset);
    }
    return { data: result.data, lines };
  }

  const issue = result.error.issues[0]!;
  const key = issue.path.map(String);
  // An unknown key reports its own line; other issues the line of the field.
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const nodePath = unknownKey === undefined ? key : [...key, unknownKey];
  const node = nodePath.length ? doc.getIn(nodePath, true) : undefined;
  const keyNode = unknownKey === undefined ? undefined : findKeyNode(doc.contents, unknownKey);
  const offset = (keyNode ?? (isNode(node) ? node : undefined))?.range?.[0];
  const field = unknownKey ?? key.join('.');
  const message =
    issue.code === 'unrecognized_keys'
      ? key.length
        ? `unknown front matter field "${[...key, unknownKey].join('.')}"${key[0] === 'fonts' ? ` (font roles: ${FONT_ROLES.join(', ')})` : ''}`
        : `unknown front matter field "${unknownKey}" (known: ${Object.keys(FrontMatterSchema.shape).join(', ')})`
      : issue.code === 'invalid_type' && !(key[0]! in (data as object))
        ? `front matter field "${field}" is required`
        : `front matter field "${field}": ${issue.message}`;
  return failAt(message, shownFile, offset === undefined ? firstLine : lineOf(offset));
}

/** Offset of the last top-level key that starts at or before `offset`. */
function fieldStartBefore(contents: unknown, offset: number): number | undefined {
  if (!contents || typeof contents !== 'object' || !('items' in contents)) return undefined;
  let start: number | undefined;
  for (const pair of (contents as { items: { key: unknown }[] }).items) {
    const keyStart = (pair.key as { range?: [number, number, number] | null } | null)?.range?.[0];
    if (keyStart !== undefined && keyStart <= offset) start = keyStart;
  }
  return start;
}

function findKeyNode(contents: unknown, key: string): { range?: [number, number, number] | null } | undefined {
  if (!contents || typeof contents !== 'object' || !('items' in contents)) return undefined;
  for (const pair of (contents as { items: { key: unknown }[] }).items) {
    const k = pair.key as { value?: unknown; range?: [number, number, number] | null } | undefined;
    if (k && String(k.value) === key) return k;
  }
  return undefined;
}

function failAt(message: string, file: string, line: number): never {
  throw new UserError(message, { file, line });
}
