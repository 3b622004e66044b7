/**
 * The shape of an official document (公文, GB/T 9704-2012) in plain text:
 * a title often over two lines, the 发文字号 (国办发〔2022〕35号), the 主送机关
 * line ending in ：, the body, 附件： lines, the signature and date, a
 * （此件公开发布） note, 抄送： and the …年…月…日印发 line. Recognised lines
 * leave the body and fill the `gongwen:` front matter instead.
 */
import type { SourceLine } from './boilerplate.ts';
import { dateOnlyLine, isTitleLike } from './metadata.ts';
import { isPlaceholderLine } from './raw-tokens.ts';
import { HEADING_NUMBERS } from './structure.ts';

export interface Notice {
  /** The title as it was broken over lines; the front matter gets it joined. */
  titleLines: string[];
  /** Every line taken out of the body for the front matter, as it was, in order. */
  taken: string[];
  /** An order (命令, GB/T 9704-2012 §10.2): its 发文机关标志 as printed, `中华人民共和国国务院令`. */
  orderMark?: string;
  number?: string;
  to?: string;
  attachments: string[];
  signature?: string;
  /** ISO dates. */
  date?: string;
  note?: string;
  cc?: string[];
  issuedBy?: string;
  issuedOn?: string;
}

/** 发文字号: 机关代字〔年份〕序号号, e.g. 国办发〔2022〕35号 (brackets as typed on the web: 〔〕 [] ［］ （）). */
const NUMBER = /^\p{Script=Han}{1,16}\s*[〔[［(（]\s*\d{4}\s*[〕\]］)）]\s*第?\s*\d{1,5}\s*号$/u;
/** An order's head: the 发文机关标志 `…令`, then its 令号 `第707号` on the next line. */
const ORDER_MARK = /^\p{Script=Han}{2,30}令$/u;
const ORDER_NUMBER = /^第\d{1,6}号$/u;
/** The kinds of 公文 (党政机关公文处理工作条例 §8) a title ends with. */
export const DOCUMENT_KINDS = /(?:通知|意见|决定|决议|命令|令|公报|公告|通告|通报|报告|请示|批复|议案|函|纪要)$/u;
/** Kinds set in the gongwen layout; a 报告 (a work report) stays a booklet. */
export const GONGWEN_KINDS = /(?:通知|意见|决定|决议|命令|令|公告|通告|通报|请示|批复|函|纪要)$/u;
const ISSUED = /^(\p{Script=Han}{2,40})\s+(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*印发$/u;
const CC = /^抄\s*送\s*[：:]\s*(.+?)[。.]?$/;
const NOTE = /^[（(]([^（()）]{2,60})[）)]$/;
const ATTACHMENT = /^附\s*件\s*[：:]\s*(.*)$/;
const NUMBERED = /^(\d{1,2})\s*[.．、]\s*(.+)$/;
/** A signature line: a short name with no punctuation (发文机关署名). */
const SIGNATURE = /^[\p{Script=Han}\s　]{2,40}$/u;

/**
 * Recognise a notice at the top and bottom of `kept` (trimmed text lines)
 * and remove the lines that make it; `undefined` (and `kept` untouched) when
 * the text does not have a notice's shape: no 发文字号, and no title ending
 * in a document kind followed by a 主送机关 line. `known.written`: the
 * 成文日期 the page's record gives, which the closing date must match.
 */
export function takeNotice(kept: SourceLine[], known: { written?: string } = {}): Notice | undefined {
  const filled = kept.map((l, i) => ({ text: l.text.trim().replace(/^[\s　]+/, ''), i })).filter((l) => l.text !== '');
  const head = filled.slice(0, 8);
  const squeezed = (i: number) => head[i]?.text.replace(/\s+/g, '') ?? '';
  const order = ORDER_MARK.test(squeezed(0)) && ORDER_NUMBER.test(squeezed(1));
  const numberAt = order ? 1 : head.findIndex((_, i) => NUMBER.test(squeezed(i)));
  const titleLike = (text: string) => isTitleLike(text, 60) && !HEADING_NUMBERS.some(({ pattern }) => pattern.test(text)) && !/[：:]$/.test(text);

  let titleLines: { text: string; i: number }[] = [];
  if (numberAt > 0 && head.slice(0, numberAt).every((l) => titleLike(l.text)) && numberAt <= 3) titleLines = head.slice(0, numberAt);
  else {
    // No 发文字号 before it: the leading title-like lines, joined until they end in a document kind.
    const start = numberAt === 0 ? 1 : 0;
    for (let n = 1; n <= 3 && start + n <= head.length; n++) {
      const lines = head.slice(start, start + n);
      if (!lines.every((l) => titleLike(l.text))) break;
      if (DOCUMENT_KINDS.test(lines.map((l) => l.text).join(''))) {
        titleLines = lines;
        break;
      }
    }
  }
  if (!titleLines.length) return undefined;
  const title = titleLines.map((l) => l.text).join('');
  let next = Math.max(numberAt, filled.indexOf(titleLines.at(-1)!)) + 1;
  const number = numberAt >= 0 ? head[numberAt]!.text.replace(/\s+/g, '') : undefined;
  // 主送机关: the line after them that ends with a colon, no sentence in it.
  const toLine = filled[next];
  const to = toLine && /[：:]$/.test(toLine.text) && !toLine.text.includes('。') && [...toLine.text].length <= 120 && !ATTACHMENT.test(toLine.text) ? toLine : undefined;
  if (to) next++;
  // Without a 发文字号, a 报告 opening 各位代表： is a speech, not a notice.
  if (!number && !(to && GONGWEN_KINDS.test(title))) return undefined;

  const used = new Set<number>([...titleLines.map((l) => l.i), ...(numberAt >= 0 ? [head[numberAt]!.i] : []), ...(to ? [to.i] : [])]);
  const notice: Notice = { titleLines: titleLines.map((l) => l.text), taken: [], attachments: [], ...(order ? { orderMark: squeezed(0) } : {}), ...(number ? { number } : {}), ...(to ? { to: to.text.replace(/[：:]$/, '') } : {}) };

  // From the end: 印发, 抄送, 附注, 成文日期, 署名, then the 附件 lines.
  let end = filled.length - 1;
  const at = () => (end >= next ? filled[end]! : undefined);
  const issued = at() && ISSUED.exec(at()!.text);
  if (issued) {
    notice.issuedBy = issued[1]!;
    notice.issuedOn = iso(issued[2]!, issued[3]!, issued[4]!);
    used.add(filled[end--]!.i);
  }
  const cc = at() && CC.exec(at()!.text);
  if (cc) {
    notice.cc = cc[1]!.split(/[，,]/).map((s) => s.trim()).filter(Boolean);
    used.add(filled[end--]!.i);
  }
  const note = at() && NOTE.exec(at()!.text);
  const noteLine = note ? filled[end--] : undefined;
  // A date other than the page's record gives is not this notice's (a 转发 notice ends with the forwarded report's): it stays in the body.
  const found = at() && dateOnlyLine(at()!.text);
  const date = found && (!known.written || found === known.written) ? found : undefined;
  if (date) {
    notice.date = date;
    used.add(filled[end--]!.i);
    const signature = at();
    if (signature && SIGNATURE.test(signature.text) && [...signature.text].length <= 40) {
      notice.signature = signature.text.replace(/\s+/g, ' ');
      used.add(signature.i);
      end--;
    }
  }
  // A note counts only in its place after the date (a bracketed body line is body text).
  if (noteLine && (date || !note![1]!.includes('。'))) {
    notice.note = note![1]!;
    used.add(noteLine.i);
  } else if (noteLine) end++;
  // 附件：name, or 附件：1.name then 2.name …, right above the signature (so
  // only when there is one: else the text ends with something else, an
  // attachment's own pages, say). Names are short and no sentence.
  for (let k = end; date && k >= next && k >= end - 12; k--) {
    const match = ATTACHMENT.exec(filled[k]!.text);
    if (!match) continue;
    const items = [match[1]!, ...filled.slice(k + 1, end + 1).map((l) => l.text)].filter(Boolean);
    const names: string[] = [];
    for (const item of items) {
      const numbered = NUMBERED.exec(item);
      if (numbered) names.push(numbered[2]!.trim());
      else if (names.length) names[names.length - 1] += item; // a long name wrapped onto the next line
      else names.push(item);
    }
    if (!names.every((name) => isTitleLike(name, 80) && !isPlaceholderLine(name))) break;
    notice.attachments = names;
    for (let j = k; j <= end; j++) used.add(filled[j]!.i);
    break;
  }
  notice.taken = [...used].sort((a, b) => a - b).map((index) => kept[index]!.text);
  for (const index of [...used].sort((a, b) => b - a)) kept.splice(index, 1);
  return notice;
}

function iso(year: string, month: string, day: string): string {
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}
