import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importDocument } from '../../src/import/import.ts';

const FRONT = '---\ntitle: 某某报告\nauthor: 某某单位\ndate: 2026-01-05\n---\n\n';

/** Import a Markdown body under fixed front matter; the body written back. */
function reimport(body: string): string {
  const { markdown } = importDocument(Buffer.from(FRONT + body), { shownFile: 'in.md', extension: '.md', today: '2000-01-01' });
  return markdown.slice(markdown.indexOf('\n---\n') + 5);
}

describe('import of Markdown is parsed, not read line by line', () => {
  it('keeps a block quote of two lines one quoted paragraph (no literal >)', () => {
    assert.equal(reimport('> 第一行引文，\n> 第二行引文。\n\n正文段落。\n'), '\n> 第一行引文，第二行引文。\n\n正文段落。\n');
  });

  it('keeps nested lists nested', () => {
    assert.equal(reimport('- 第一项\n  - 第一项之一\n  - 第一项之二\n- 第二项\n'), '\n- 第一项\n  - 第一项之一\n  - 第一项之二\n- 第二项\n');
  });

  it('keeps indented code as code, its punctuation untouched', () => {
    assert.equal(reimport('说明如下。\n\n    代码,不改\n    第二行\n'), '\n说明如下。\n\n```\n代码,不改\n第二行\n```\n');
  });

  it('reads a setext heading as a heading (no literal =====)', () => {
    assert.equal(reimport('总体要求\n=====\n\n正文段落。\n\n具体措施\n-----\n\n另一段落。\n'), '\n# 总体要求\n\n正文段落。\n\n## 具体措施\n\n另一段落。\n');
  });

  it('reads the title from a first # heading and its ——…会议上 paragraph as the subtitle', () => {
    const { markdown } = importDocument(Buffer.from('# 政府工作报告\n\n——2026年2月3日在某某市第十六届人民代表大会第四次会议上\n\n各位代表：\n'), { shownFile: 'in.md', extension: '.md', today: '2000-01-01' });
    assert.equal(
      markdown,
      '---\ntitle: 政府工作报告\nsubtitle: ——2026年2月3日在某某市第十六届人民代表大会第四次会议上\nauthor: 某某市人民政府\ndate: 2026-02-03\nlang: zh-CN\nlayout: booklet\nedition: "1"\n---\n\n各位代表：\n',
    );
  });
});
