import { openCC } from '../editions/opencc.ts';

/** The words a layout prints itself (not the document's), in Simplified Chinese. */
const SIMPLIFIED = {
  colophon: '版权页',
  cover: '封面',
  bookTitle: '书名',
  editor: '编者',
  edition: '版次',
  changes: '说明',
  date: '日期',
  printer: '印刷',
  trim: '开本',
  sheets: '印张',
  words: '字数',
  printing: '印次',
  typesetBy: '排版',
  contents: '目录',
  contentsSpaced: '目　录',
  skipToContent: '跳到正文',
  footnotes: '注释',
  backToReference: '返回正文第 {n} 处引用',
  // 公文 (layout gongwen, src/gongwen/view.ts).
  gwDocument: '文件',
  gwMinutes: '纪要',
  gwOrder: '令',
  gwSigner: '签发人：',
  gwAttachment: '附件',
  gwAttachments: '附件：',
  gwCc: '抄送：',
  gwIssued: '印发',
  linkTo: '链接：',
  goTo: '转到：',
  // EPUB (src/epub): the navigation document, page markers, accessibility summary.
  pageList: '页码',
  landmarks: '导览',
  bodyStart: '正文',
  pageMarker: '第 {n} 页',
  epubSummary: '本书正文按阅读顺序排列，有目录和标题结构，页码列表与印刷本的页码一致，可朗读、可重排。',
  epubSummaryImages: '图片均有替代文字。',
  epubSummaryRuby: '注音以 ruby 标注。',
};

export type Labels = typeof SIMPLIFIED;

const cache = new Map<string, Labels>();

/** Whether a language tag asks for Traditional characters. */
export function isTraditional(lang: string): boolean {
  return /^zh-(Hant|TW|HK|MO)\b/i.test(lang);
}

/** Labels in the document's script: Traditional ones converted by OpenCC for the region. */
export function labelsFor(lang: string): Labels {
  const key = isTraditional(lang) ? lang : 'zh-Hans';
  let labels = cache.get(key);
  if (!labels) {
    const region = /HK|MO/i.test(lang) ? 'hk' : /TW/i.test(lang) ? 'tw' : 't';
    const convert = key === 'zh-Hans' ? (text: string) => text : openCC().Converter({ from: 'cn', to: region });
    labels = Object.fromEntries(Object.entries(SIMPLIFIED).map(([k, v]) => [k, convert(v)])) as Labels;
    cache.set(key, labels);
  }
  return labels;
}
