// Where the 版记 goes, as the layout reads it: no pdf-lib here (placeBanji,
// which reads a print, is in banji.ts), so the HTML and print stages load
// without the PDF code.
/** Ids the gongwen layout puts where the body ends and where the 版记's rows start. */
export const BODY_END_ID = 'gw-end';
export const BANJI_ROWS_ID = 'gw-banji-rows';

/** Where the 版记 goes (GB/T 9704-2012 §7.4: on the last page, an even one). */
export interface BanjiPlacement {
  /** An unnumbered blank page before the 版记's own page. */
  blankBefore: boolean;
  /** Set below the body's end on its last page, this far down (CSS length), instead of on a page of its own. */
  sharedGap: string | undefined;
}

export const OWN_PAGE: BanjiPlacement = { blankBefore: false, sharedGap: undefined };
