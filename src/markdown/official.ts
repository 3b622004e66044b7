import type { Data, Heading, Paragraph, PhrasingContent, Root, RootContent, Text } from 'mdast';
import { visit } from 'unist-util-visit';

/** Heading numbering schemes a document can ask for in its front matter. */
export const NUMBERING_SCHEMES = ['none', 'gongwen'] as const;
export type NumberingScheme = (typeof NUMBERING_SCHEMES)[number];

const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九, 100 → 一百. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 999) return String(n);
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const ones = n % 10;
  let out = hundreds ? `${DIGITS[hundreds]}百` : '';
  if (tens) out += `${tens === 1 && !hundreds ? '' : DIGITS[tens]}十`;
  else if (hundreds && ones) out += '零';
  return out + (DIGITS[ones] ?? '');
}

const NUMERAL_VALUE: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 十二 → 12; undefined when not a simple Chinese numeral. */
export function parseChineseNumeral(text: string): number | undefined {
  const m = /^(?:([一二三四五六七八九])百)?(?:(零)|([一二三四五六七八九])?(十))?([一二三四五六七八九])?$/.exec(text);
  if (!m || !text) return undefined;
  const [, h, , t, ten, o] = m;
  return (h ? NUMERAL_VALUE[h]! * 100 : 0) + (ten ? (t ? NUMERAL_VALUE[t]! : 1) * 10 : 0) + (o ? NUMERAL_VALUE[o]! : 0);
}

/** The GB/T 9704-2012 §7.3.3 sequence: 一、 （一） 1. （1）. */
const LEVELS: { format: (n: number) => string; typed: RegExp; value: (m: RegExpExecArray) => number | undefined }[] = [
  { format: (n) => `${chineseNumeral(n)}、`, typed: /^\s*([一二三四五六七八九十百零]+)\s*[、，,．.]\s*/, value: (m) => parseChineseNumeral(m[1]!) },
  { format: (n) => `（${chineseNumeral(n)}）`, typed: /^\s*[（(]\s*([一二三四五六七八九十百零]+)\s*[）)]\s*/, value: (m) => parseChineseNumeral(m[1]!) },
  { format: (n) => `${n}.`, typed: /^\s*([0-9０-９]+)\s*[.．、]\s*/, value: (m) => Number(toAscii(m[1]!)) },
  { format: (n) => `（${n}）`, typed: /^\s*[（(]\s*([0-9０-９]+)\s*[）)]\s*/, value: (m) => Number(toAscii(m[1]!)) },
];

function toAscii(digits: string): string {
  return digits.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

/**
 * `numbering: gongwen`: headings are numbered 一、 / （一） / 1. / （1） by
 * depth (the shallowest heading depth in the document is level 1), and each
 * gets the class `gw-N` that gives it its font role (黑体 / 楷体 / 仿宋 bold /
 * 仿宋). A number the author already typed is kept and not doubled; the
 * count goes on from it. Levels deeper than four are left unnumbered.
 * Run before headings are shifted down for the title.
 */
export function numberHeadings(tree: Root, scheme: NumberingScheme | undefined): void {
  if (scheme !== 'gongwen') return;
  const headings: Heading[] = [];
  visit(tree, 'heading', (node) => {
    headings.push(node);
  });
  if (!headings.length) return;
  const top = Math.min(...headings.map((h) => h.depth));
  const counters = [0, 0, 0, 0];
  for (const heading of headings) {
    const level = heading.depth - top;
    if (level >= LEVELS.length) continue;
    const rule = LEVELS[level]!;
    for (let i = level + 1; i < counters.length; i++) counters[i] = 0;
    const first = heading.children[0];
    const typed = first?.type === 'text' ? rule.typed.exec(first.value) : null;
    const typedValue = typed ? rule.value(typed) : undefined;
    if (typed && typedValue !== undefined) {
      counters[level] = typedValue;
    } else if (first?.type === 'text' && LEVELS.some((other) => other.typed.test(first.value))) {
      // A number of another level's form: the author's choice, kept as typed.
      counters[level] = counters[level]! + 1;
    } else {
      counters[level] = counters[level]! + 1;
      const number: Text = { type: 'text', value: rule.format(counters[level]!) };
      heading.children.unshift(number);
    }
    addClass(heading, `gw-${level + 1}`);
  }
}

/**
 * Run-in lead sentences: a paragraph that opens with a bold sentence
 * (`**共同富裕系统推进。**东西部协作…`), or a bold sentence that follows the end
 * of another sentence inside a paragraph (`…正式启用。**社会事业全面进步。**有序…`,
 * as reports run several topics into one paragraph), gets the class `lead`,
 * which each layout styles (黑体, or bold 楷体). The paragraph stays one
 * paragraph. Bold words inside a sentence are left alone.
 */
export function markLeadSentences(tree: Root): void {
  visit(tree, 'paragraph', (node: Paragraph) => {
    const kids = node.children;
    kids.forEach((child, i) => {
      if (child.type !== 'strong' || i + 1 >= kids.length) return;
      const next = kids[i + 1]!;
      if (next.type === 'text' && !next.value.trim()) return;
      if (i > 0) {
        const before = kids[i - 1]!;
        if (before.type !== 'text' || !/[。！？；]\s*$/.test(before.value)) return;
        if (!/[。！？：]$/.test(plainText(child).trim())) return;
      }
      addClass(child, 'lead');
    });
  });
}

/** The text of an mdast node and its descendants. */
export function plainText(node: { value?: string; children?: unknown[] }): string {
  if (typeof node.value === 'string') return node.value;
  return (node.children ?? []).map((c) => plainText(c as { value?: string; children?: unknown[] })).join('');
}

/**
 * Ruby, as Vivliostyle's VFM writes it: `{汉字|hàn zì}` puts the whole reading
 * over the group; `{汉|hàn|字|zì}` gives each base its own reading. Becomes
 * `<ruby>汉字<rp>（</rp><rt>hàn zì</rt><rp>）</rp></ruby>`. Not in code.
 */
export function rubyText(tree: Root): void {
  const pattern = /\{([^{}|\n]+)((?:\|[^{}|\n]*)+)\}/g;
  visit(tree, 'text', (node: Text, index, parent) => {
    if (!parent || index === undefined || !node.value.includes('{')) return;
    const out: PhrasingContent[] = [];
    let last = 0;
    for (const m of node.value.matchAll(pattern)) {
      const parts = [m[1]!, ...m[2]!.slice(1).split('|')];
      let pairs: [string, string][];
      if (parts.length === 2) pairs = [[parts[0]!, parts[1]!]];
      else if (parts.length % 2 === 0) {
        pairs = [];
        for (let i = 0; i < parts.length; i += 2) pairs.push([parts[i]!, parts[i + 1]!]);
      } else continue;
      if (pairs.some(([base, reading]) => !base.trim() || !reading.trim())) continue;
      if (m.index > last) out.push({ type: 'text', value: node.value.slice(last, m.index) });
      out.push(rubyNode(pairs));
      last = m.index + m[0].length;
    }
    if (!out.length) return;
    if (last < node.value.length) out.push({ type: 'text', value: node.value.slice(last) });
    (parent.children as RootContent[]).splice(index, 1, ...(out as RootContent[]));
    return index + out.length;
  });
}

/**
 * A foreign-language span: `[Made in China]{lang=en}` → `<span lang="en">`,
 * so screen readers switch voice and the styles switch off Han–Latin
 * spacing and CJK line breaking inside it. Raw `<span lang="en">` works too.
 */
export function langSpans(tree: Root): void {
  const pattern = /\[([^[\]\n]+)\]\{lang=([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\}/g;
  visit(tree, 'text', (node: Text, index, parent) => {
    if (!parent || index === undefined || !node.value.includes(']{lang=')) return;
    const out: PhrasingContent[] = [];
    let last = 0;
    for (const m of node.value.matchAll(pattern)) {
      if (m.index > last) out.push({ type: 'text', value: node.value.slice(last, m.index) });
      out.push({ type: 'emphasis', data: { hName: 'span', hProperties: { lang: m[2]! } }, children: [{ type: 'text', value: m[1]! }] } as PhrasingContent);
      last = m.index + m[0].length;
    }
    if (!out.length) return;
    if (last < node.value.length) out.push({ type: 'text', value: node.value.slice(last) });
    (parent.children as RootContent[]).splice(index, 1, ...(out as RootContent[]));
    return index + out.length;
  });
}

function rubyNode(pairs: [string, string][]): PhrasingContent {
  const element = (tagName: string, children: PhrasingContent[]): PhrasingContent =>
    ({ type: 'emphasis', data: { hName: tagName, hProperties: {} }, children }) as PhrasingContent;
  const children: PhrasingContent[] = [];
  for (const [base, reading] of pairs) {
    children.push(
      { type: 'text', value: base },
      element('rp', [{ type: 'text', value: '（' }]),
      element('rt', [{ type: 'text', value: reading.trim() }]),
      element('rp', [{ type: 'text', value: '）' }]),
    );
  }
  return element('ruby', children);
}

function addClass(node: { data?: Data | undefined }, name: string): void {
  node.data ??= {};
  const data = node.data as { hProperties?: Record<string, unknown> };
  const props = (data.hProperties ??= {});
  const existing = props['className'];
  props['className'] = [...(Array.isArray(existing) ? existing : existing ? [existing] : []), name];
}
