import type { PageChange } from './pages.ts';
import { escapeMarkup as escape } from '../markup.ts';

export interface ReportPage extends PageChange {
  oldImage?: string;
  newImage?: string;
  diffImage?: string;
}

/** A self-contained HTML page: old and new side by side, the differences highlighted, the changed text. */
export function diffReportHtml(oldName: string, newName: string, pages: readonly ReportPage[]): string {
  const section = (page: ReportPage) => {
    const title =
      page.kind === 'changed' ? `第 ${page.oldPage} 页 → 第 ${page.newPage} 页：有改动` : page.kind === 'added' ? `新增第 ${page.newPage} 页` : `删除第 ${page.oldPage} 页`;
    const figure = (src: string | undefined, caption: string) =>
      src ? `<figure><img src="${escape(src)}" alt="${escape(caption)}"><figcaption>${escape(caption)}</figcaption></figure>` : '';
    const lines = [
      ...page.removedLines.map((line) => `<li class="removed"><span class="mark">−</span> <del>${escape(line)}</del></li>`),
      ...page.addedLines.map((line) => `<li class="added"><span class="mark">+</span> <ins>${escape(line)}</ins></li>`),
    ];
    return `<section>
<h2>${escape(title)}</h2>
<div class="images">${figure(page.oldImage, `旧版第 ${page.oldPage ?? '—'} 页`)}${figure(page.newImage, `新版第 ${page.newPage ?? '—'} 页`)}${figure(page.diffImage, '差异（红色）')}</div>
${lines.length ? `<ul class="lines">${lines.join('\n')}</ul>` : '<p>文字相同，版面有变化。</p>'}
</section>`;
  };
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>版本比较：${escape(oldName)} → ${escape(newName)}</title>
<style>
body { font-family: sans-serif; margin: 1rem auto; max-width: 90rem; padding: 0 1rem; color: #111; }
.images { display: flex; gap: 1rem; flex-wrap: wrap; }
figure { margin: 0; } img { max-width: 28rem; width: 100%; border: 1px solid #999; }
.lines { list-style: none; padding: 0; font-family: monospace; }
.removed { color: #8b0000; } .added { color: #005a00; }
</style>
</head>
<body>
<main>
<h1>版本比较</h1>
<p>旧：${escape(oldName)}<br>新：${escape(newName)}</p>
<p>${pages.length ? `${pages.length} 页有变化。` : '两个版本相同。'}</p>
${pages.map(section).join('\n')}
</main>
</body>
</html>
`;
}
