/**
 * Which standard structure types may hold which, written from ISO 32000-1
 * §14.8.4 (Tables 333 grouping, 336 list, 337 table and 338 inline
 * elements) as PDF/UA-1 requires them (ISO 14289-1 §7.2; Matterhorn 09-004
 * tables, 09-005 lists, 09-006 TOC, 09-007 ruby, 09-008 warichu). It is
 * written from the standard, not from paiban's finishing code, so that the
 * checker can catch what the finisher gets wrong.
 */

export interface NestingRule {
  /** Matterhorn checkpoint. */
  checkpoint: string;
  /** Types allowed as the element's parent (undefined: any). */
  parents?: readonly string[];
  /** Types allowed as its structure-element children (undefined: any). */
  children?: readonly string[];
  /** A check of the children's order, given their types; returns what is wrong. */
  order?: (kids: readonly string[]) => string | undefined;
}

const only = (allowed: string, kids: readonly string[], label: string): string | undefined =>
  new RegExp(`^(?:${allowed})$`).test(kids.join(' ')) ? undefined : `${label}, not ${kids.join(', ') || 'nothing'}`;

export const NESTING: Readonly<Record<string, NestingRule>> = {
  // Table 336: a list holds list items (with an optional caption first);
  // an item holds a label and/or a body; labels and bodies live in items.
  L: { checkpoint: '09-005', children: ['Caption', 'LI'], order: (k) => only('(?:Caption ?)?(?:LI ?)*', k, 'an optional Caption then LI elements') },
  LI: { checkpoint: '09-005', parents: ['L'], children: ['Lbl', 'LBody'] },
  LBody: { checkpoint: '09-005', parents: ['LI'] },
  Lbl: { checkpoint: '09-005', parents: ['LI', 'TOCI'] },
  // Table 337: Table holds TR, or THead/TBody/TFoot, with at most one Caption first or last.
  Table: {
    checkpoint: '09-004',
    children: ['TR', 'THead', 'TBody', 'TFoot', 'Caption'],
    order: (k) => only('(?:Caption ?)?(?:(?:TR ?)+|(?:THead ?)?(?:TBody ?)+(?:TFoot ?)?)(?:Caption)?', k.length ? k : ['(none)'], 'an optional Caption, then TR, or THead/TBody/TFoot'),
  },
  THead: { checkpoint: '09-004', parents: ['Table'], children: ['TR'] },
  TBody: { checkpoint: '09-004', parents: ['Table'], children: ['TR'] },
  TFoot: { checkpoint: '09-004', parents: ['Table'], children: ['TR'] },
  TR: { checkpoint: '09-004', parents: ['Table', 'THead', 'TBody', 'TFoot'], children: ['TH', 'TD'] },
  TH: { checkpoint: '09-004', parents: ['TR'] },
  TD: { checkpoint: '09-004', parents: ['TR'] },
  // Table 333: a TOC holds TOCI and nested TOC; a TOCI holds Lbl, Reference, P, NonStruct and TOC.
  TOC: { checkpoint: '09-006', children: ['TOC', 'TOCI', 'Caption'] },
  TOCI: { checkpoint: '09-006', parents: ['TOC'], children: ['Lbl', 'Reference', 'P', 'NonStruct', 'TOC'] },
  // Table 338: Ruby is RB then RT, or RB, RP, RT, RP.
  Ruby: { checkpoint: '09-007', children: ['RB', 'RT', 'RP'], order: (k) => only('RB (?:RT|RP RT RP)', k, 'RB then RT, or RB, RP, RT, RP') },
  RB: { checkpoint: '09-007', parents: ['Ruby'] },
  RT: { checkpoint: '09-007', parents: ['Ruby'] },
  RP: { checkpoint: '09-007', parents: ['Ruby'] },
  Warichu: { checkpoint: '09-008', children: ['WT', 'WP'], order: (k) => only('WP WT WP|WT', k, 'WT, or WP, WT, WP') },
  WT: { checkpoint: '09-008', parents: ['Warichu'] },
  WP: { checkpoint: '09-008', parents: ['Warichu'] },
};

/** The standard structure types of ISO 32000-1 (Tables 333–340). */
export const STANDARD_TYPES: ReadonlySet<string> = new Set(
  'Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form'.split(' '),
);
