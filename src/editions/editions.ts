import { z } from 'zod';
import { TrimSchema } from '../booklet/trim.ts';

export const SCRIPTS = ['zh-Hans', 'zh-Hant'] as const;
/** OpenCC targets for Traditional Chinese: generic, Taiwan (with Taiwan phrases), Hong Kong. */
export const VARIANTS = ['t', 'tw', 'twp', 'hk'] as const;
export const EDITION_FORMATS = ['html', 'pdf', 'print', 'epub'] as const;

/** One declared edition: a named, dated build of the document with its own options. */
export const EditionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { message: 'edition id must be lower-case letters, digits and dashes, e.g. second' }),
    /** Display name: 第二版, 大字版, 繁體版 … */
    name: z.string().trim().min(1).optional(),
    /** The edition's date (ISO); all its output dates come from it. Default: the document's date. */
    date: z.iso.date({ message: 'date must be an ISO date, e.g. 2023-03-01' }).optional(),
    /** What changed in this edition, shown on the colophon and in the metadata. */
    changes: z.string().trim().min(1).optional(),
    layout: z.string().regex(/^[a-z][a-z0-9-]*$/).optional(),
    trim: TrimSchema.optional(),
    bleed: z.number().min(0).max(10).optional(),
    largePrint: z.boolean().optional(),
    writing: z.enum(['horizontal', 'vertical']).optional(),
    cover: z.boolean().optional(),
    printer: z.string().trim().min(1).optional(),
    script: z.enum(SCRIPTS).optional(),
    variant: z.enum(VARIANTS).optional(),
    formats: z.array(z.enum(EDITION_FORMATS)).min(1).optional(),
  })
  .strict();

export type EditionDeclaration = z.infer<typeof EditionSchema>;

export const EditionsSchema = z
  .array(EditionSchema)
  .min(1)
  .refine((list) => new Set(list.map((e) => e.id)).size === list.length, { message: 'edition ids must be unique' });

/** Option overrides an edition may carry, by front matter field name. */
const OVERRIDES = ['layout', 'trim', 'bleed', 'largePrint', 'cover', 'printer', 'writing'] as const;

export interface Edition {
  id: string;
  name: string | undefined;
  date: string;
  changes: string | undefined;
  script: (typeof SCRIPTS)[number];
  variant: (typeof VARIANTS)[number];
  formats: readonly string[] | undefined;
  /** True for the first listed edition: its files stay at `output/<doc>/`. */
  isDefault: boolean;
  overrides: Partial<Record<(typeof OVERRIDES)[number], unknown>>;
}

/** The editions a document declares; without any, one edition from `edition` and `date`. */
export function resolveEditions(meta: { edition: string; date: string; editions?: EditionDeclaration[] | undefined }): Edition[] {
  const declared = meta.editions ?? [{ id: meta.edition }];
  return declared.map((edition, index) => ({
    id: edition.id,
    name: edition.name,
    date: edition.date ?? meta.date,
    changes: edition.changes,
    script: edition.script ?? 'zh-Hans',
    variant: edition.variant ?? 'tw',
    formats: edition.formats,
    isDefault: index === 0,
    overrides: Object.fromEntries(OVERRIDES.filter((key) => edition[key] !== undefined).map((key) => [key, edition[key]])),
  }));
}

/** The document's options as this edition sees them. */
export function applyEdition<T extends { lang: string; date: string; edition: string }>(meta: T, edition: Edition): T {
  const lang =
    edition.script === 'zh-Hant' ? (edition.variant === 'hk' ? 'zh-HK' : edition.variant === 't' ? 'zh-Hant' : 'zh-TW') : meta.lang;
  return { ...meta, ...edition.overrides, lang, date: edition.date, edition: edition.id };
}
