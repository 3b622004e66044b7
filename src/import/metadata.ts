/**
 * Document metadata found in the text: the title line of an official
 * document (`(浙江省)宁波市海曙区人民政府工作报告(2023年2月1日)`), and the date
 * and issuer on a web page's metadata line (`发布时间：2023-02-03 来源：…`).
 */

export interface TitleLine {
  title: string;
  /** A bracketed place before the title: `(浙江省)` → 浙江省. */
  region?: string;
  /** A bracketed date after the title, as YYYY-MM-DD. */
  date?: string;
}

const OPEN = '[(（]';
const CLOSE = '[)）]';
const REGION_PREFIX = new RegExp(`^${OPEN}\\s*(\\p{Script=Han}{2,12})\\s*${CLOSE}\\s*`, 'u');
/** `(2023年2月1日)`, `（2023年2月1日在区人大会议上）`, `(2023-02-01)`. */
const DATE_SUFFIX = new RegExp(`\\s*${OPEN}\\s*(\\d{4})\\s*(?:年|[-./])\\s*(\\d{1,2})\\s*(?:月|[-./])\\s*(\\d{1,2})\\s*日?[^()（）]*${CLOSE}\\s*$`, 'u');

/** Does this line read like a title: short, and no sentence in it? */
export function isTitleLike(line: string, maxLength = 80): boolean {
  const text = line.trim();
  return text.length > 0 && Array.from(text).length <= maxLength && !/[。！？；!?;，,]$|。/.test(text);
}

export function parseTitleLine(line: string): TitleLine {
  let title = line.trim();
  let region: string | undefined;
  let date: string | undefined;
  const regionMatch = REGION_PREFIX.exec(title);
  if (regionMatch) {
    region = regionMatch[1];
    title = title.slice(regionMatch[0].length);
  }
  const dateMatch = DATE_SUFFIX.exec(title);
  if (dateMatch) {
    const iso = isoDate(dateMatch[1]!, dateMatch[2]!, dateMatch[3]!);
    if (iso) {
      date = iso;
      title = title.slice(0, dateMatch.index);
    }
  }
  return { title: title.trim(), ...(region ? { region } : {}), ...(date ? { date } : {}) };
}

/** The issuing body named at the start of a title: `宁波市海曙区人民政府工作报告` → `宁波市海曙区人民政府`. */
const ISSUER = '(?:人民政府|人民代表大会常务委员会|人大常委会|人民代表大会|委员会|人民法院|人民检察院|政府办公厅|政府办公室|办公厅|办公室|政府)';
const ISSUER_IN_TITLE = new RegExp(`^(.+?${ISSUER})(?:\\d{4}年度?)?(?:关于.+)?(?:工作报告|报告|公报|规划|计划|意见|通知|决定|纲要|方案|办法)`, 'u');
/** A signature line (落款) names an issuer: a government, a committee, an office, a bureau. */
const SIGNATURE_ISSUER = /^\p{Script=Han}{2,30}(?:人民政府|委员会|办公室|办公厅|局|厅|委|部|院|中心)$/u;
const DATE_ONLY = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/;
/** A date in Chinese numerals, as 成文日期 were written before GB/T 9704-2012: 一九九六年一月二十五日, 二〇一八年十二月二十一日. */
const HAN_DATE_ONLY = /^([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$/u;
const HAN_DIGIT: Record<string, number> = { 〇: 0, '○': 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 … 三十一 → 1 … 31 (十 alone, 十一, 二十, 二十一); undefined for anything else. */
function hanNumber(text: string): number | undefined {
  if (/^[一二三四五六七八九]$/u.test(text)) return HAN_DIGIT[text];
  const match = /^([一二三四五六七八九]?)十([一二三四五六七八九]?)$/u.exec(text);
  if (!match) return undefined;
  const [, tens, ones] = match;
  return (tens ? HAN_DIGIT[tens]! : 1) * 10 + (ones ? HAN_DIGIT[ones]! : 0);
}

/** A line that is a date and nothing else, in Arabic or Chinese numerals, as YYYY-MM-DD (a real calendar date only). */
export function dateOnlyLine(line: string): string | undefined {
  const text = line.replace(/[\s　]+/g, '');
  const arabic = DATE_ONLY.exec(text);
  if (arabic) return isoDate(arabic[1]!, arabic[2]!, arabic[3]!);
  const han = HAN_DATE_ONLY.exec(text);
  if (!han) return undefined;
  const month = hanNumber(han[2]!);
  const day = hanNumber(han[3]!);
  if (month === undefined || day === undefined) return undefined;
  return isoDate([...han[1]!].map((c) => HAN_DIGIT[c]).join(''), String(month), String(day));
}

/**
 * An official document ends with its signature (落款): the issuer on one line,
 * the date on the next. Both stay in the text; they also fill the front matter.
 */
export function signatureOf(lines: readonly string[]): { author?: string; date?: string } {
  const filled = lines.map((l) => l.trim()).filter(Boolean);
  const date = dateOnlyLine(filled.at(-1) ?? '');
  if (!date) return {};
  const issuer = filled.at(-2);
  return { ...(date ? { date } : {}), ...(issuer && SIGNATURE_ISSUER.test(issuer) ? { author: issuer } : {}) };
}

export function issuerFromTitle(title: string): string | undefined {
  return ISSUER_IN_TITLE.exec(title)?.[1];
}

/** The first date on a metadata line: 2023-02-03, 2023年2月3日, 2023/2/3. */
export function dateInText(text: string): string | undefined {
  const match = /(\d{4})\s*(?:年|[-./])\s*(\d{1,2})\s*(?:月|[-./])\s*(\d{1,2})/.exec(text);
  return match ? isoDate(match[1]!, match[2]!, match[3]!) : undefined;
}

/**
 * The value after 发布机构/发文机关/作者 on a metadata line, up to the next
 * label or space. Never 来源: that names where the page copied the text
 * from (新华日报), not who wrote it.
 */
export function issuerInText(text: string): string | undefined {
  for (const label of ['发布机构', '发文机关', '作者']) {
    const match = new RegExp(`${label}\\s*[:：]\\s*([^\\s:：|｜]{2,40})`).exec(text);
    if (match) return match[1];
  }
  return undefined;
}

function isoDate(year: string, month: string, day: string): string | undefined {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * A report's subtitle line under its title: `——2026年2月3日在某某市第十六届
 * 人民代表大会第四次会议上` (a speech's date and occasion). Its date is the
 * document's date — the meeting's, not the page's.
 */
const SUBTITLE_LINE = /^[—–-]{1,2}\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日.{0,60}(?:会议|大会|会)上(?:的(?:讲话|报告|发言))?$/u;

/** The place of the meeting: `在某某市第十六届人民代表大会…` → 某某市. */
const MEETING_PLACE = /在(\p{Script=Han}{2,16}?[省市区县州旗])第/u;

export function parseSubtitleLine(line: string): { subtitle: string; date?: string; place?: string } | undefined {
  const text = line.trim();
  const match = SUBTITLE_LINE.exec(text);
  if (!match) return undefined;
  const date = isoDate(match[1]!, match[2]!, match[3]!);
  const place = MEETING_PLACE.exec(text)?.[1];
  return { subtitle: text.replace(/^[—–-]{1,2}\s*/, '——'), ...(date ? { date } : {}), ...(place ? { place } : {}) };
}

/** A 政府工作报告 given at a place's congress is the report of that place's 人民政府. */
export function issuerFromMeeting(title: string, place: string | undefined): string | undefined {
  return place && /^政府工作报告$/.test(title) ? `${place}人民政府` : undefined;
}
