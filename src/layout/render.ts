import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { titleWithWordBreaks } from './title.ts';
import { UserError } from '../errors.ts';
import { templatesDir } from '../paths.ts';
import type { Labels } from './labels.ts';
import type { GongwenView } from '../gongwen/view.ts';
import type { BanjiPlacement } from '../gongwen/banji.ts';

/** What every layout receives. Everything but `body` is escaped by Handlebars. */
export interface LayoutData {
  lang: string;
  title: string;
  subtitle: string | undefined;
  author: string;
  date: string;
  /** `2023年2月1日` for zh, the ISO date otherwise. */
  dateDisplay: string;
  edition: string;
  /** `第1版` for zh, the edition id otherwise. */
  editionDisplay: string;
  /** What changed in this edition (colophon). */
  editionChanges: string | undefined;
  printer: string | undefined;
  /** Large-print edition: body text at 1.5× the layout's size. */
  largePrint: boolean;
  /** `writing: vertical`: the web layout sets the text vertical-rl. */
  vertical?: boolean;
  /** Book layouts: print the cover, colophon and contents. */
  cover: boolean;
  /** The page size's name, e.g. `A4` or `16开`. */
  trimName: string;
  /** Book layouts: the colophon's 开本, 印张, 字数, 版次 and 印次 lines (booklet/colophon.ts). */
  colophon: undefined | { format: string; sheets: string | undefined; words: string; editionLine: string; printingLine: string };
  /** Table of contents, with the folio of each heading's page (paged layouts only). */
  toc: { id: string; text: string; level: number; page: number }[];
  /** Ids whose pages the paginator must locate (empty links make Chromium record them). */
  probes: string[];
  /** The words the layout prints itself, in the document's script. */
  labels: Labels;
  /** The sanitised body HTML. */
  body: string;
  stylesheets: string[];
  /** Font files the page uses, preloaded: fetched while the HTML is read, not after the first layout. */
  fonts: string[];
  generator: { name: string; version: string };
  /** The 公文 elements around the body (layout gongwen), else undefined. */
  gongwen: GongwenView | undefined;
  /** gongwen: where the 版记 goes (src/gongwen/banji.ts). */
  banji: BanjiPlacement;
}

/** `titleHtml`: the title breaking only between words (title.ts), for the title headings. */
type TemplateData = Omit<LayoutData, 'body'> & { body: Handlebars.SafeString; titleHtml: Handlebars.SafeString };

interface Layouts {
  names: string[];
  render: Map<string, Handlebars.TemplateDelegate<TemplateData>>;
}

let layouts: Layouts | undefined;

/** Layouts and partials are the project's own files; source text never becomes a template. */
function loadLayouts(): Layouts {
  if (layouts) return layouts;
  const hbs = Handlebars.create();
  const partialsDir = path.join(templatesDir, 'partials');
  for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs'))) {
    hbs.registerPartial(path.basename(file, '.hbs'), readFileSync(path.join(partialsDir, file), 'utf8'));
  }
  const layoutsDir = path.join(templatesDir, 'layouts');
  const render: Layouts['render'] = new Map();
  for (const file of readdirSync(layoutsDir).filter((f) => f.endsWith('.hbs')).sort()) {
    const template = hbs.compile<TemplateData>(
      readFileSync(path.join(layoutsDir, file), 'utf8'),
      { strict: true, knownHelpersOnly: true },
    );
    render.set(path.basename(file, '.hbs'), template);
  }
  layouts = { names: [...render.keys()], render };
  return layouts;
}

/** Forget the compiled layouts and partials (watch mode, after a change under templates/). */
export function reloadLayouts(): void {
  layouts = undefined;
}

export function layoutNames(): string[] {
  return loadLayouts().names;
}

/** Check a layout name early, so the error names the front matter line. */
export function assertLayout(name: string, where: { file: string; line?: number }): void {
  if (!loadLayouts().render.has(name)) {
    throw new UserError(`unknown layout "${name}" (known: ${layoutNames().join(', ')})`, where);
  }
}

export function renderLayout(name: string, data: LayoutData): string {
  const template = loadLayouts().render.get(name);
  if (!template) throw new UserError(`unknown layout "${name}" (known: ${layoutNames().join(', ')})`);
  return template(
    { ...data, body: new Handlebars.SafeString(data.body), titleHtml: titleWithWordBreaks(data.title, data.lang) },
    // Templates may read only the data's own properties, never prototypes.
    { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false },
  );
}

/** `第2版` for a numeric edition in Chinese, else the edition as given. */
export function displayEdition(edition: string, lang: string): string {
  return lang.toLowerCase().startsWith('zh') && /^\d+$/.test(edition) ? `第${edition}版` : edition;
}

/** The date as a Chinese reader expects it: 2023年2月1日. */
export function displayDate(isoDate: string, lang: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return lang.toLowerCase().startsWith('zh') ? `${year}年${month}月${day}日` : isoDate;
}
