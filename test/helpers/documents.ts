import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sampleDir } from './cli.ts';

/** The sample's paragraphs, straight from its Markdown. */
export function sampleParagraphs(): string[] {
  const markdown = readFileSync(path.join(sampleDir, 'index.md'), 'utf8');
  const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, '');
  return body
    .split(/\n{2,}/)
    .map((block) => block.trim())
    .filter((block) => block && !block.startsWith('#'));
}

const CHAPTER_TITLES = ['一、过去一年工作回顾', '二、今年工作总体要求', '三、重点工作安排', '四、加强政府自身建设', '五、附录'];
const SECTION_TITLES = ['（一）经济运行', '（二）城市建设', '（三）民生保障'];

/**
 * A book-shaped document: `chapters` chapters, each with three sections of
 * the sample's paragraphs repeated `repeat` times.
 */
export function writeBookDocument(dir: string, options: { chapters: number; repeat: number; front?: string }): void {
  const paragraphs = sampleParagraphs();
  const parts: string[] = [
    `---\ntitle: 海曙区政府工作报告汇编\nauthor: 宁波市海曙区人民政府\ndate: 2023-02-01\n${options.front ?? ''}---\n`,
    '本汇编收录区人民政府工作报告全文，供学习参考。',
  ];
  for (let c = 0; c < options.chapters; c++) {
    parts.push(`# ${CHAPTER_TITLES[c]}`);
    for (const section of SECTION_TITLES) {
      parts.push(`## ${section}`);
      for (let r = 0; r < options.repeat; r++) parts.push(...paragraphs);
    }
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'index.md'), `${parts.join('\n\n')}\n`);
}
