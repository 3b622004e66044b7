// A realistic bench corpus: documents the size of real 政府工作报告 and 公文,
// not the sample repeated. Each has a real-sized character set (≥ 3,000
// distinct Han characters), headings in three levels, tables and (booklets)
// footnotes. Deterministic: the same name, layout and size always give the
// same bytes, so runs and machines compare.
//
// The characters: GB 2312 level 1, the 3,755 most used Han characters (in
// the standard's own pinyin order), decoded from their fixed code range
// (rows 16–55) — a frequency list by definition, nothing to commit. The text
// draws mostly from a skewed head of that list (as real text repeats its
// common characters) and cycles through the whole list, so even a 24-page
// document holds them all.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';

export type CorpusLayout = 'booklet' | 'gongwen';

/** GB 2312 level 1: rows 16–55 (0xB0–0xD7), 94 cells a row, the last row 89. */
export function commonHan(): string[] {
  const chars: string[] = [];
  for (let row = 0xb0; row <= 0xd7; row++) {
    for (let cell = 0xa1; cell <= (row === 0xd7 ? 0xf9 : 0xfe); cell++) chars.push(iconv.decode(Buffer.from([row, cell]), 'gb2312'));
  }
  return chars;
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Characters of body text a page holds, about (A4 booklet, 小四, with its headings, tables and notes; 公文, 3号 on its 22×28 grid, with its headings and tables). */
const CHARS_PER_PAGE: Record<CorpusLayout, number> = { booklet: 740, gongwen: 400 };
const NUMERALS = '一二三四五六七八九十';

function chineseNumber(n: number): string {
  if (n <= 10) return NUMERALS[n - 1]!;
  if (n < 20) return `十${NUMERALS[n - 11]!}`;
  return `${NUMERALS[Math.floor(n / 10) - 1]}十${n % 10 ? NUMERALS[(n % 10) - 1] : ''}`;
}

/** The Markdown of one document of about `pages` pages. */
export function corpusMarkdown(layout: CorpusLayout, pages: number, seed: number): string {
  const han = commonHan();
  const next = random(seed * 7919 + pages);
  let cursor = Math.floor(next() * han.length);
  // Mostly the head of the list (squared: skewed to the front), two in five the next one in turn.
  const char = () => (next() < 0.4 ? han[cursor++ % han.length]! : han[Math.floor(next() * next() * 600)]!);
  const phrase = (min: number, max: number) => Array.from({ length: min + Math.floor(next() * (max - min)) }, char).join('');
  const sentence = () => {
    const parts = Array.from({ length: 2 + Math.floor(next() * 3) }, () => phrase(4, 14));
    // Numbers and Latin as real reports have them: 12.5%, 2024年, GDP.
    if (next() < 0.3) parts[0] += `${Math.floor(next() * 1000) / 10}%`;
    if (next() < 0.1) parts[parts.length - 1] += 'GDP';
    return `${parts.join('，')}${next() < 0.85 ? '。' : '；'}`;
  };
  let footnotes = 0;
  const notes: string[] = [];
  const paragraph = () => {
    let text = Array.from({ length: 3 + Math.floor(next() * 5) }, sentence).join('');
    if (layout === 'booklet' && next() < 0.12) {
      footnotes++;
      text += `[^n${footnotes}]`;
      notes.push(`[^n${footnotes}]: ${sentence()}`);
    }
    return text;
  };
  const table = () => {
    const rows = 3 + Math.floor(next() * 5);
    return [
      '| 序号 | 项目 | 指标 | 说明 |',
      '|---|---|---|---|',
      ...Array.from({ length: rows }, (_, i) => `| ${i + 1} | ${phrase(4, 8)} | ${Math.floor(next() * 10000) / 100} | ${phrase(8, 20)} |`),
    ].join('\n');
  };

  const target = pages * CHARS_PER_PAGE[layout];
  // Chapters grow with the document: 24 pages ≈ 5, 300 pages ≈ 20.
  const chapters = Math.max(3, Math.round(Math.sqrt(pages) * 1.15));
  const perChapter = target / chapters;
  const blocks: string[] = [];
  for (let c = 1; c <= chapters; c++) {
    blocks.push(`# ${chineseNumber(c)}、${phrase(6, 14)}`);
    let length = 0;
    for (let s = 1; length < perChapter; s++) {
      blocks.push(`## （${chineseNumber(s)}）${phrase(6, 12)}`);
      for (let t = 1; t <= 2 && length < perChapter; t++) {
        blocks.push(`### ${t}. ${phrase(5, 10)}`);
        for (let p = 0; p < 3 && length < perChapter; p++) {
          const text = paragraph();
          length += text.length;
          blocks.push(text);
        }
        if (next() < 0.3) {
          const t = table();
          length += t.length / 2;
          blocks.push(t);
        }
      }
    }
  }
  const front =
    layout === 'booklet'
      ? ['title: 某省人民政府工作报告（基准文档）', 'author: 某省人民政府', 'date: 2024-01-20', 'lang: zh-CN', 'layout: booklet', 'edition: "1"']
      : [
          'title: 某省人民政府关于印发基准文档的通知',
          'author: 某省人民政府',
          'date: 2024-01-20',
          'layout: gongwen',
          'gongwen:',
          '  kind: standard',
          '  issuer: 某省人民政府',
          '  number: 某政发〔2024〕1号',
          '  to: 各市、县人民政府，省政府各部门',
          '  cc: [省委各部门, 省人大常委会办公厅]',
          '  issuedBy: 某省人民政府办公厅',
          '  issuedOn: 2024-01-21',
        ];
  return `---\n${front.join('\n')}\n---\n\n${[...blocks, ...notes].join('\n\n')}\n`;
}

/** Write `<dir>/index.md`; returns the folder. */
export function writeCorpusDocument(dir: string, layout: CorpusLayout, pages: number, seed: number): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'index.md'), corpusMarkdown(layout, pages, seed));
  return dir;
}

// `node --import tsx bench/corpus.ts OUT_DIR`: write the whole corpus, for a look or a by-hand build.
if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2] ?? 'bench-corpus';
  for (const layout of ['booklet', 'gongwen'] as const) {
    for (const pages of [24, 100, 300]) writeCorpusDocument(path.join(out, `${layout}-${pages}`), layout, pages, 1);
  }
}
