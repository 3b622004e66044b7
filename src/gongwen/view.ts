import type { Gongwen, GongwenKind } from './schema.ts';
import { breakTitle } from './title.ts';
import type { Labels } from '../layout/labels.ts';

/**
 * GB/T 9704-2012 geometry, in mm from the top of the type area (A4, type
 * area 156 × 225 mm starting 37 mm below the page's top edge, 22 lines).
 * The 版头 is laid out here, in numbers, rather than left to CSS flow: the
 * standard fixes its elements in mm, and the body below it must start on a
 * line of the 22-line grid.
 */
export const TYPE_AREA = { top: 37, width: 156, height: 225 } as const;
export const PITCH = TYPE_AREA.height / 22;
/** A body character (3号 仿宋 filling its cell, see styles/gongwen.css). */
export const CELL = TYPE_AREA.width / 28;
const PT = 25.4 / 72;
/** 初号 (42 pt): the largest size a 发文机关标志 is set in here; a longer mark is set smaller to fit the type area. */
const MARK_MAX = 42 * PT;
/** The red separator under the 发文字号: its thickness is not fixed by the standard. */
export const RULE = 0.5;
/** Where the mark's top edge stands below the top of the type area (§7.2.4, §10.2, §10.3); 信函: 30 mm below the page edge (§10.1). */
const MARK_TOP: Record<GongwenKind, number> = { standard: 35, minutes: 35, order: 20, letter: 30 - TYPE_AREA.top };

export interface GongwenView {
  kind: GongwenKind;
  /**
   * 信函: the first page's type area starts this much higher (its mark
   * stands 30 mm from the page edge, above the usual type area), so the
   * 版头 is this much taller and the body below stays on the grid.
   */
  firstPageRaise: number;
  /** 信函: the first page's top margin. */
  firstPageTop: string | undefined;
  /** The 版头's height: a whole number of grid lines (plus the raise). */
  mastheadHeight: string;
  /** 份号, 密级, 紧急程度: one line each, flush left. */
  headLines: { text: string; top: string }[];
  /** No `gongwen:` block, no 版头: the layout is the body grid with title, signature and date. */
  mark: { issuers: string[]; suffix: string | undefined; top: string; size: string } | undefined;
  number: { text: string; top: string } | undefined;
  signers: { names: string[]; top: string }[];
  rule: { top: string } | undefined;
  /** 信函: the red double rule 4 mm under the mark, 170 mm long. */
  doubleRule: { top: string } | undefined;
  titleLines: string[];
  /** 命令: no title is printed (the mark names the document). */
  showTitle: boolean;
  to: string | undefined;
  attachments: { label: string; name: string }[];
  /** Each attachment's page: 附件N, its name, and its own text (HTML, set by the pipeline from `# 附件N` sections). */
  attachmentPages: { heading: string; titleLines: string[]; body: string }[];
  signature: string | undefined;
  seal: { url: string; alt: string } | undefined;
  date: string;
  notes: string[];
  cc: string | undefined;
  issued: { by: string; on: string } | undefined;
  /** A 版记 is printed (抄送 or 印发). */
  hasBanji: boolean;
  /** Its rules: none in a 信函 (§10.1). */
  banjiRules: boolean;
}

const mmText = (n: number): string => `${n.toFixed(3)}mm`;

/** 2022-09-28 → 2022年9月28日: full year, no leading zeros (§7.3.5). */
export function gongwenDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** Everything the gongwen layout places around the body. `footnotes`: footnote texts, set as 附注. */
export function gongwenView(meta: { title: string; author: string; date: string }, gw: Gongwen | undefined, footnotes: string[], labels: Labels): GongwenView {
  const kind = gw?.kind ?? 'standard';
  const issuers = gw?.issuer ?? [meta.author];
  // The mark: issuer + 文件 (通用), issuer alone (信函), XXX纪要, XXX令, or as given.
  const defaultSuffix = kind === 'standard' ? labels.gwDocument : kind === 'minutes' ? labels.gwMinutes : kind === 'order' ? labels.gwOrder : undefined;
  const markIssuers = gw?.mark ? [gw.mark] : issuers;
  const suffix = gw?.mark ? undefined : defaultSuffix;
  const widest = Math.max(...markIssuers.map((name) => [...name].length)) + (suffix ? [...suffix].length : 0);
  const size = Math.min(MARK_MAX, TYPE_AREA.width / widest);
  const raise = kind === 'letter' ? -MARK_TOP.letter : 0;
  const markTop = MARK_TOP[kind];
  const markBottom = markTop + markIssuers.length * size;

  const headTexts = [gw?.copy, gw?.secrecy, gw?.urgency].filter((t): t is string => Boolean(t));
  // Offsets from the top of the first page's type area.
  const mm = (n: number): string => mmText(n + raise);
  const lineTop = (line: number) => line * PITCH;
  // The centre of a body-size line's em box is the centre of its grid line.
  const emBottom = (line: number) => lineTop(line) + (PITCH + CELL) / 2;
  let headLines: GongwenView['headLines'];
  let number: GongwenView['number'];
  let rule: GongwenView['rule'];
  let doubleRule: GongwenView['doubleRule'];
  const signers: GongwenView['signers'] = [];
  let firstFree: number;
  if (kind === 'letter') {
    // §10.1: the double rule 4 mm under the mark; 份号… flush left and the
    // 发文字号 flush right under it, the first 7/8 of a 3号 character below it.
    const ruleTop = markBottom + 4;
    doubleRule = { top: mm(ruleTop) };
    const firstTop = ruleTop + 1 + (7 / 8) * 16 * PT - (PITCH - CELL) / 2;
    headLines = headTexts.map((text, i) => ({ text, top: mm(firstTop + i * PITCH) }));
    number = gw?.number ? { text: gw.number, top: mm(firstTop) } : undefined;
    const lastBottom = firstTop + Math.max(headTexts.length, number ? 1 : 0) * PITCH;
    // The title two lines below the last element.
    firstFree = Math.ceil(lastBottom / PITCH - 1e-6) + 2;
  } else {
    headLines = headTexts.map((text, i) => ({ text, top: mm(lineTop(i)) }));
    // The 发文字号 (令号) two lines below the mark (§7.2.5, §10.2). 上行文: 签发人
    // one character in from the right, one per line from there, the 发文字号
    // on the last signer's line (§7.2.6).
    const names = gw?.signers ?? [];
    const numberLine = Math.ceil(markBottom / PITCH - 1e-6) + 2 + Math.max(0, names.length - 1);
    number = gw?.number ? { text: gw.number, top: mm(lineTop(numberLine)) } : undefined;
    names.forEach((name, i) => signers.push({ names: [name], top: mm(lineTop(numberLine - (names.length - 1) + i)) }));
    if (kind === 'order') {
      // §10.2: the body two lines below the 令号; no separator rule.
      firstFree = numberLine + 3;
    } else {
      // The red rule 4 mm below the 发文字号, the title two lines below it (§7.2.7, §7.3.1).
      const ruleTop = emBottom(numberLine) + 4;
      rule = { top: mm(ruleTop) };
      firstFree = Math.ceil((ruleTop + RULE) / PITCH - 1e-6) + 2;
    }
  }

  const notes = [...(gw?.note ? [gw.note] : []), ...footnotes].map((note) => (/^（.*）$/.test(note) ? note : `（${note}）`));
  const attachments = gw?.attachments ?? [];
  const many = attachments.length > 1;
  const date = gongwenDate(meta.date);
  if (!gw) {
    headLines = [];
    number = undefined;
    rule = undefined;
    firstFree = 0;
  }
  return {
    kind,
    firstPageRaise: raise,
    firstPageTop: raise ? mmText(TYPE_AREA.top - raise) : undefined,
    mastheadHeight: mm(firstFree * PITCH),
    headLines,
    mark: gw ? { issuers: markIssuers, suffix, top: mm(markTop), size: mmText(size) } : undefined,
    number,
    signers,
    rule,
    doubleRule,
    titleLines: breakTitle(meta.title),
    showTitle: kind !== 'order',
    to: gw?.to ? (/[：:]$/.test(gw.to) ? gw.to.replace(/:$/, '：') : `${gw.to}：`) : undefined,
    // §7.3.4: 附件：1.XXX; no punctuation after a name.
    attachments: attachments.map((name, i) => ({ label: many ? `${i + 1}.` : '', name: name.replace(/[。．.，,；;]+$/, '') })),
    attachmentPages: attachments.map((name, i) => ({ heading: many ? `${labels.gwAttachment}${i + 1}` : labels.gwAttachment, titleLines: breakTitle(name), body: '' })),
    signature: kind === 'minutes' ? undefined : (gw?.signature ?? meta.author),
    seal: gw?.seal && kind !== 'minutes' ? { url: gw.seal, alt: `${gw.signature ?? meta.author}印章` } : undefined,
    date,
    notes,
    cc: gw?.cc ? `${gw.cc.join('，')}。` : undefined,
    issued: gw?.issuedBy && gw.issuedOn && kind !== 'letter' ? { by: gw.issuedBy, on: `${gongwenDate(gw.issuedOn)}${labels.gwIssued}` } : undefined,
    hasBanji: Boolean(gw?.cc || (gw?.issuedBy && gw.issuedOn && kind !== 'letter')),
    banjiRules: kind !== 'letter',
  };
}
