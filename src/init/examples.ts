/**
 * The example document `paiban init` writes, per layout: short, and showing
 * the Chinese extensions a layout supports (docs/syntax.md, docs/gongwen.md).
 * A fixed date: the same example builds to the same bytes on any day.
 */
export const INIT_LAYOUTS = ['booklet', 'gongwen'] as const;
export type InitLayout = (typeof INIT_LAYOUTS)[number];

/** The example's folder under source/. */
export const EXAMPLE_DOC = 'example';

const BOOKLET = `---
title: 示例工作报告
subtitle: 用 paiban 排版的第一份文档
author: 示例编写组
date: 2026-01-05
layout: booklet
numbering: gongwen
chapterStart: continue
---

这是一份示例文档。改写这个文件，再运行 \`npx paiban build\`，\`output/example/\` 里就是新的网页版和 PDF。

# 中文排版扩展

**标题自动编号。**前面写了 \`numbering: gongwen\`，标题按公文的层次自动编号：一级标题编为“一、”“二、”，二级标题编为“（一）”“（二）”，不用手写。

**着重号。**单星号标出的文字，如*重点内容*，在字下加点，而不是变成斜体。

**注音。**花括号里用竖线分开文字和读音：{海曙|hǎi shǔ}；也可以逐字注音：{汉|hàn|字|zì}。

**外文。**外文词语标明语种：[Made in China]{lang=en}，读屏软件会换用相应的发音。

**脚注。**脚注写在方括号里[^1]，排在文末。

# 表格

| 项目 | 2025年 | 2026年 |
|---|---:|---:|
| 新增就业（万人） | 2.4 | 2.6 |
| 民生实事（件） | 8 | 10 |

# 标点

英文标点会改成中文标点,比如这一句里的逗号;写作时不必逐个替换.

[^1]: 脚注的内容。
`;

const GONGWEN = `---
title: 示例单位关于做好年度工作总结的通知
author: 示例单位办公室
date: 2026-01-05
layout: gongwen
numbering: gongwen
gongwen:
  number: 示办发〔2026〕1号
  to: 各部门、各直属单位
  attachments: [年度工作总结提纲]
  note: 此件公开发布
  cc: [示例单位领导班子成员]
  issuedBy: 示例单位办公室
  issuedOn: 2026-01-05
---

为做好年度工作总结，现将有关事项通知如下。

# 总结内容

**主要成绩。**全面回顾全年工作，用数据说明完成情况。

**存在问题。**实事求是分析不足，提出改进措施。

# 时间安排

| 阶段 | 时间 | 工作 |
|---|---|---|
| 起草 | 1月10日前 | 各单位形成初稿 |
| 报送 | 1月20日前 | 报办公室汇总 |

# 附件

一、工作回顾

二、下一步打算
`;

export function exampleText(layout: InitLayout): string {
  return layout === 'gongwen' ? GONGWEN : BOOKLET;
}
