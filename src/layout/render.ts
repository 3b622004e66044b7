import Handlebars from 'handlebars';
import { titleWithWordBreaks } from './title.ts';
import { UserError } from '../errors.ts';
import { builtInSources, forgetBuiltInSources, layoutNames } from './names.ts';
import { PRECOMPILED } from './precompiled.ts';
import { sha256 } from '../files/hash.ts';
import type { Labels } from './labels.ts';
import type { GongwenView } from '../gongwen/view.ts';
import type { BanjiPlacement } from '../gongwen/banji-placement.ts';

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
  render: Map<string, Handlebars.TemplateDelegate<TemplateData>>;
}

/**
 * A project's own layouts and partials (src/project/layers.ts), over the
 * built-in ones of the same name; `key` identifies the set (a hash of it).
 */
export interface TemplateOverrides {
  key: string;
  layouts: ReadonlyMap<string, string>;
  partials: ReadonlyMap<string, string>;
}

/** Compiled sets by key: the built-in one ('') and each project's, few per run. */
const compiled = new Map<string, Layouts>();

const COMPILE_OPTIONS = { strict: true, knownHelpersOnly: true } as const;

/**
 * What PRECOMPILED is keyed by: the template's text and the options it is
 * compiled with (scripts/bundle.mjs computes the same).
 */
export function templateKey(text: string): string {
  return sha256(`${JSON.stringify(COMPILE_OPTIONS)}\n${text}`);
}

/** Layouts and partials are the project's own files; source text never becomes a template. */
function loadLayouts(overrides?: TemplateOverrides): Layouts {
  const key = overrides?.key ?? '';
  const found = compiled.get(key);
  if (found) return found;
  const sources = builtInSources();
  const hbs = Handlebars.create();
  const partials = new Map([...sources.partials, ...(overrides?.partials ?? [])]);
  const layoutTexts = [...new Map([...sources.layouts, ...(overrides?.layouts ?? [])])].sort(([a], [b]) => (a < b ? -1 : 1));
  // Precompiled only when every template of the set is: a partial given as
  // text is compiled with the options of the layout that calls it, which a
  // precompiled layout does not carry.
  const specs = [...partials.values(), ...layoutTexts.map(([, text]) => text)].map((text) => PRECOMPILED.get(templateKey(text)));
  const allPrecompiled = specs.every(Boolean);
  const render: Layouts['render'] = new Map();
  if (allPrecompiled) {
    [...partials.keys()].forEach((name, i) => hbs.registerPartial(name, hbs.template(specs[i]!)));
    layoutTexts.forEach(([name], i) => render.set(name, hbs.template<TemplateData>(specs[partials.size + i]!)));
  } else {
    for (const [name, text] of partials) hbs.registerPartial(name, text);
    // A copy: Handlebars adds its defaults to the options it is given (and COMPILE_OPTIONS is part of templateKey).
    for (const [name, text] of layoutTexts) render.set(name, hbs.compile<TemplateData>(text, { ...COMPILE_OPTIONS }));
  }
  const layouts = { render };
  if (compiled.size > 32) compiled.clear();
  compiled.set(key, layouts);
  return layouts;
}

/** Forget the compiled layouts and partials (watch mode, after a change under templates/). */
export function reloadLayouts(): void {
  forgetBuiltInSources();
  compiled.clear();
}

export function renderLayout(name: string, data: LayoutData, overrides?: TemplateOverrides): string {
  const template = loadLayouts(overrides).render.get(name);
  if (!template) throw new UserError(`unknown layout "${name}" (known: ${layoutNames(overrides).join(', ')})`);
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
