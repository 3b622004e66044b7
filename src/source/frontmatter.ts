import { LineCounter, parseDocument, isNode, visit } from 'yaml';
import { z } from 'zod';
import { TrimSchema } from '../booklet/trim.ts';
import { EditionsSchema } from '../editions/editions.ts';
import { closest, distance } from 'fastest-levenshtein';
import { throwCollected, UserError } from '../errors.ts';
import { FontsSchema } from '../fonts/config.ts';
import { FONT_ROLES } from '../fonts/faces.ts';
import { NUMBERING_SCHEMES } from '../markdown/official.ts';
import { GongwenSchema } from '../gongwen/schema.ts';
import { mergeOptions, type MergedOptions } from '../project/merge.ts';
// Kept where it was first exported; it lives in a module without yaml and zod (the parse starts before they load).
export { refuseNonYamlFrontMatter } from './fence.ts';

/** The document options a source declares in its YAML front matter. */
export const FrontMatterSchema = z
  .object({
    title: z.string().trim().min(1),
    subtitle: z.string().trim().min(1).optional(),
    author: z.string().trim().min(1),
    // Hugo and Jekyll write a time too (2024-01-15T10:00:00+08:00): the page shows the day as typed.
    date: z.preprocess((value) => (typeof value === 'string' && DATE_TIME.test(value) ? value.slice(0, 10) : value), z.iso.date({ message: 'date must be an ISO date, e.g. 2023-02-01' })),
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

/**
 * Fields Hugo, Jekyll and Hexo front matter carries that mean nothing to
 * paiban: accepted, so other people's Markdown builds as it is, and named in
 * one build note, so nothing is dropped unsaid. (paiban has no subject or
 * keywords field to map `description`/`keywords` to: its PDF Subject is the
 * edition line.)
 */
export const FOREIGN_FIELDS: readonly string[] = ['tags', 'categories', 'category', 'description', 'summary', 'keywords', 'draft', 'weight', 'slug', 'lastmod', 'aliases', 'permalink', 'published', 'excerpt'];

/** One problem with one field: its key path, the file line of that key, what is wrong. */
export interface FrontMatterIssue {
  key: string;
  line: number | undefined;
  message: string;
}

export interface FrontMatterCheck {
  /** The validated options; undefined when there are issues. */
  data: FrontMatter | undefined;
  issues: FrontMatterIssue[];
  /** Fields of other tools found and left unused (FOREIGN_FIELDS). */
  ignored: string[];
}

export interface ParsedFrontMatter {
  data: FrontMatter;
  /** The file line of each top-level field, for later errors about its value. */
  lines: Record<string, number>;
  /** Fields of other tools found and left unused (FOREIGN_FIELDS). */
  ignored: string[];
}

/** Front matter read as far as it goes: every field problem collected, none thrown. */
export interface ReadFrontMatter {
  data: FrontMatter | undefined;
  lines: Record<string, number>;
  ignored: string[];
  problems: UserError[];
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

/**
 * Parse front matter YAML with the core schema only (no custom tags, no code),
 * then validate it. `firstLine` is the file line on which the YAML text starts.
 * `defaults` (paiban.config.yaml, _defaults.yaml: src/project) lie under the
 * front matter; a bad value from them is reported at their file and line.
 */
export function parseFrontMatter(yamlText: string, shownFile: string, firstLine: number, defaults?: MergedOptions): ParsedFrontMatter {
  const read = readFrontMatter(yamlText, shownFile, firstLine, defaults);
  throwCollected(read.problems);
  return { data: read.data!, lines: read.lines, ignored: read.ignored };
}

/**
 * Parse and validate front matter, collecting every bad field (the YAML
 * itself must parse: a syntax error is thrown at once, with what to do).
 */
export function readFrontMatter(yamlText: string, shownFile: string, firstLine: number, defaults?: MergedOptions): ReadFrontMatter {
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
    const advice = yamlAdvice(yamlText, offset);
    throw new UserError(advice ? `${advice} (invalid YAML front matter: ${reason})` : `invalid YAML front matter: ${reason}`, { file: shownFile, line: lineOf(offset) });
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
  if (defaults) data = mergeOptions(defaults.data, data as Record<string, unknown>);

  const lines: Record<string, number> = {};
  const keyLine = (key: string): number | undefined => {
    const offset = findKeyNode(doc.contents, key)?.range?.[0];
    return offset === undefined || offset === null ? undefined : lineOf(offset);
  };
  for (const key of Object.keys(data as object)) {
    const line = keyLine(key);
    // `__proto__` (refused below) must not become the prototype of `lines`.
    if (line !== undefined && key !== '__proto__') lines[key] = line;
  }
  // The key's own line for a top-level field; the value's line for a nested one.
  const lineOfPath = (path: string[]): number => {
    const own = path.length === 1 ? keyLine(path[0]!) : undefined;
    if (own !== undefined) return own;
    const node = path.length ? doc.getIn(path, true) : undefined;
    const offset = isNode(node) ? node.range?.[0] : undefined;
    return offset === undefined ? (keyLine(path[0] ?? '') ?? firstLine) : lineOf(offset);
  };
  const check = validateFrontMatter(data as Record<string, unknown>, lineOfPath);
  const problems = check.issues.map((issue) => {
    // A value that came from paiban.config.yaml or a _defaults.yaml is reported there.
    const path = issue.key.split('.');
    const origin = defaults && !doc.hasIn(path) ? defaults.originOf(path) : undefined;
    if (origin) return new UserError(issue.message, { file: origin.file, line: origin.line ?? 1 });
    return new UserError(issue.message, { file: shownFile, line: issue.line ?? firstLine });
  });
  return { data: check.data, lines, ignored: check.ignored, problems };
}

/**
 * Validate front matter fields (from the YAML, or merged from several
 * files): every issue with the line `lineOf` gives its key path. Fields of
 * other tools are left out and listed; an unknown key names the closest
 * known one, and a required field it misspells is not reported twice.
 */
export function validateFrontMatter(data: Record<string, unknown>, lineOf: (path: string[]) => number | undefined): FrontMatterCheck {
  const ignored = Object.keys(data).filter((key) => FOREIGN_FIELDS.includes(key));
  const own = Object.fromEntries(Object.entries(data).filter(([key]) => !FOREIGN_FIELDS.includes(key)));
  const result = FrontMatterSchema.safeParse(own);
  if (result.success) return { data: result.data, issues: [], ignored };

  const known = Object.keys(FrontMatterSchema.shape);
  const issues: FrontMatterIssue[] = [];
  const suggested = new Set<string>();
  for (const issue of result.error.issues) {
    const key = issue.path.map(String);
    if (issue.code !== 'unrecognized_keys') continue;
    for (const unknownKey of issue.keys) {
      const path = [...key, unknownKey];
      let message: string;
      if (key.length) {
        message = `unknown front matter field "${path.join('.')}"${key[0] === 'fonts' ? ` (font roles: ${FONT_ROLES.join(', ')})` : ''}`;
      } else {
        const guess = closestName(unknownKey, known);
        if (guess) suggested.add(guess);
        message = guess
          ? `unknown front matter field "${unknownKey}" (did you mean "${guess}"?)`
          : `unknown front matter field "${unknownKey}" (known: ${known.join(', ')})`;
      }
      issues.push({ key: path.join('.'), line: lineOf(path), message });
    }
  }
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') continue;
    const key = issue.path.map(String);
    const field = key.join('.');
    const missing = issue.code === 'invalid_type' && key.length === 1 && !(key[0]! in own);
    if (missing && suggested.has(field)) continue;
    const message = missing ? `front matter field "${field}" is required` : `front matter field "${field}": ${issue.message}`;
    issues.push({ key: field, line: missing ? undefined : lineOf(key), message });
  }
  return { data: undefined, issues, ignored };
}

/** The known name a typo most likely meant (auther → author), if one is close enough. */
function closestName(typed: string, known: readonly string[]): string | undefined {
  const guess = closest(typed.toLowerCase(), [...known]);
  return distance(typed.toLowerCase(), guess.toLowerCase()) <= Math.max(1, Math.floor(guess.length / 3)) ? guess : undefined;
}

/**
 * What to do about the usual YAML mistakes, from the line the parser stopped
 * on: a `: ` inside an unquoted value (`title: 海曙区: 报告`), a tab indent.
 */
function yamlAdvice(yamlText: string, offset: number): string | undefined {
  const lineStart = yamlText.lastIndexOf('\n', offset - 1) + 1;
  const end = yamlText.indexOf('\n', lineStart);
  const line = yamlText.slice(lineStart, end < 0 ? undefined : end);
  const field = /^([A-Za-z_][\w-]*):[ \t]+(.*)$/.exec(line);
  if (field && !/^["'[{|>]/.test(field[2]!) && /:\s/.test(field[2]!)) {
    return `quote the ${field[1]}: it contains ": " (write ${field[1]}: "${field[2]!.replace(/["\\]/g, '\\$&')}")`;
  }
  if (/^\t/.test(line) || yamlText.slice(lineStart, offset + 1).includes('\t')) return 'indent with spaces, not tabs';
  return undefined;
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
