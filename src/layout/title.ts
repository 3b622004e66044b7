import Handlebars from 'handlebars';

/**
 * A title as HTML that breaks only between words: Intl.Segmenter's word
 * boundaries (ICU's dictionary for Chinese) become `<wbr>`, and the styles
 * set `.doc-title { word-break: keep-all }`, so `关于做好2024年春节期间…` never
 * breaks inside 期间 and `人民政府` never leaves 人 alone; `text-wrap: balance`
 * then evens the lines (GB/T 9704 §7.3.3: 词意完整、排列对称). Each word is
 * escaped; nothing but `<wbr>` is added.
 */
export function titleWithWordBreaks(title: string, lang: string): Handlebars.SafeString {
  const segmenter = new Intl.Segmenter(lang.startsWith('zh') ? lang : 'zh', { granularity: 'word' });
  const words = [...segmenter.segment(title)].map((s) => Handlebars.escapeExpression(s.segment));
  return new Handlebars.SafeString(words.join('<wbr>'));
}
