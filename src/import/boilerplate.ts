/**
 * Line rules that recognise a web page's furniture in scraped text. Each rule
 * describes a kind of line, never a particular site's wording; the rules and
 * their reasons are listed in docs/import-rules.md, with a test each.
 *
 * Weak rules (navigation, comment boxes, buttons, page metadata) only apply to
 * short lines without a full stop: a report's own paragraphs are long
 * sentences, and may well mention 评论 or 打印.
 */

export interface BoilerplateRule {
  id: string;
  /** What kind of line the rule removes, for the report and the docs. */
  description: string;
  matches(line: string): boolean;
}

export interface RemovedLine {
  rule: string;
  /** 1-based line in the imported text (for HTML: in the extracted text). */
  line: number;
  text: string;
}

/** A line short enough, and without a full stop, to be page furniture. */
function isShortLabel(line: string, max = 40): boolean {
  return Array.from(line).length <= max && !line.includes('。');
}

const NAVIGATION_LABEL = /^(?:导航|导航菜单|网站导航|主导航|主菜单|菜单|栏目导航|栏目|首页|网站首页|返回首页|跳转到主要内容|无障碍浏览|无障碍|English|繁體|繁体|简体|登录|注册|搜索)$/i;
/** A menu: four or more short words separated by spaces, or three by bars. */
function isMenuRow(line: string): boolean {
  const byBar = line.split(/\s*[|｜]\s*/);
  const bySpace = line.split(/\s+/);
  const plainWords = (items: string[]): boolean => items.every((item) => /^[\p{Script=Han}A-Za-z]{1,6}$/u.test(item));
  return (byBar.length >= 3 && plainWords(byBar)) || (bySpace.length >= 4 && plainWords(bySpace));
}

const BREADCRUMB_LABEL = /^(?:当前位置|您的位置|您现在的位置|你的位置|所在位置|位置)\s*[:：]/;
/** `首页 > 报告 > 华东`: two or more arrows between short segments. */
function isBreadcrumbTrail(line: string): boolean {
  const parts = line.split(/\s*[>＞›»→]\s*/);
  return parts.length >= 3 && parts.every((part) => Array.from(part).length <= 12);
}

const DISCLAIMER =
  /(?:本文|本站|本网|本网站|本平台).{0,20}?(?:仅代表|不代表|立场|转载|版权|侵权|免责|删除)|版权所有|copyright|©|免责声明|未经(?:本站|本网)?(?:书面)?(?:许可|授权).{0,12}?(?:转载|复制|使用|镜像)|转载请注明/i;

const ADDRESS_LINE = /^(?:本文地址|本文链接|本页地址|本页链接|原文地址|原文链接|文章地址|文章链接|页面地址|网页地址|来源网址|网址|url)\s*[:：]/i;

const COMMENT_BOX = /^(?:留言与评论|发表评论|我要评论|网友评论|评论列表|相关评论|全部评论|留言板|我要留言|发表留言|评论|留言)|(?:验证码|看不清.{0,4}换一张|提交评论|登录后.{0,8}评论|条评论|已有.{0,6}人(?:参与|评论))|^(?:昵称|用户名|密码|匿名)\s*[:：]?/;

/**
 * Button labels on article pages: share, print, close, favourite, download,
 * full screen, the font-size widget (加大 减小 还原, A+ A-), QR codes.
 */
const BUTTON_WORDS = /扫一扫在手机(?:上)?(?:打开|查看|阅读)(?:当前|本)页面?|用手机扫描二维码|分享到|分享|打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|收藏本页|收藏|加入收藏|返回顶部|回到顶部|下载附件|下载文件|下载|退出全屏|全屏|加大|减小|放大|缩小|还原|字号|字体|大|中|小|默认|A[+-]|扫一扫|微信|微博|二维码|手机版|纠错|\[|\]|【|】|[:：|｜·•/\s]/g;
function isButtonRow(line: string): boolean {
  return /分享|打印|关闭|收藏|返回顶部|回到顶部|下载|全屏|加大|减小|放大|缩小|还原|字号|扫一扫|二维码|纠错|A[+-]/.test(line) && line.replace(BUTTON_WORDS, '') === '';
}

/** A line of brackets and separators only: what is left of `【加大 减小】` once the words are lines of their own. */
const GLYPH_LINE = /^[【】[\]［］〔〕|｜·•]+$/;

const PREVIOUS_NEXT = /^(?:上一篇|下一篇|上一条|下一条|上一页|下一页|上篇|下篇|相关阅读|相关文章|相关链接|相关新闻|推荐阅读|热门文章|延伸阅读)\s*[:：]?/;

/** Labels of a page's metadata line: 来源：… 发布时间：… 浏览次数：… */
export const METADATA_LABEL = /^(?:来源|信息来源|作者|发布者|发布机构|发文机关|发布时间|发布日期|成文日期|日期|时间|浏览次数|阅读次数|阅读量|点击数|点击量|访问量|责任编辑|编辑|录入)\s*[:：]/;

export const BOILERPLATE_RULES: readonly BoilerplateRule[] = [
  {
    id: 'navigation',
    description: 'site navigation: a menu label (导航菜单, 首页, English…) or a row of short menu words',
    matches: (line) => isShortLabel(line, 60) && (NAVIGATION_LABEL.test(line) || isMenuRow(line)),
  },
  {
    id: 'breadcrumb',
    description: 'a breadcrumb trail: 当前位置：… or 首页 > 栏目 > 文章',
    matches: (line) => isShortLabel(line, 80) && (BREADCRUMB_LABEL.test(line) || isBreadcrumbTrail(line)),
  },
  {
    id: 'disclaimer',
    description: 'a disclaimer or copyright notice about the site (本站立场, 版权所有, 未经许可不得转载, ©)',
    matches: (line) => DISCLAIMER.test(line),
  },
  {
    id: 'address-line',
    description: 'the page address: 本文地址：…, 原文链接：…',
    matches: (line) => ADDRESS_LINE.test(line),
  },
  {
    id: 'comment-box',
    description: 'a comment box and its captcha: 留言与评论, 发表评论, 验证码：, 昵称：',
    matches: (line) => isShortLabel(line) && COMMENT_BOX.test(line),
  },
  {
    id: 'buttons',
    description: 'a row of buttons only: 分享到, 【打印】, 【关闭窗口】, 字号：大 中 小, 扫一扫',
    matches: (line) => isShortLabel(line, 60) && isButtonRow(line),
  },
  {
    id: 'glyph-line',
    description: 'a line of bracket or separator glyphs only: 【, 】, |',
    matches: (line) => GLYPH_LINE.test(line.replace(/\s+/g, '')),
  },
  {
    id: 'previous-next',
    description: 'links to other articles: 上一篇：…, 下一篇：…, 相关阅读',
    matches: (line) => isShortLabel(line, 80) && PREVIOUS_NEXT.test(line),
  },
  {
    id: 'page-metadata',
    description: 'the page\'s metadata line: 来源：… 发布时间：… 浏览次数：… (its date is kept for the front matter when the text has none; 来源 names a publisher, never the author)',
    matches: (line) => isShortLabel(line, 100) && METADATA_LABEL.test(line),
  },
];

export interface SourceLine {
  text: string;
  line: number;
}

/** Split lines into the document's own and the furniture, by the first rule that matches. */
export function removeBoilerplate(lines: readonly string[]): { kept: SourceLine[]; removed: RemovedLine[] } {
  const kept: SourceLine[] = [];
  const removed: RemovedLine[] = [];
  lines.forEach((text, index) => {
    const trimmed = text.trim();
    const rule = trimmed ? BOILERPLATE_RULES.find((r) => r.matches(trimmed)) : undefined;
    if (rule) removed.push({ rule: rule.id, line: index + 1, text: trimmed });
    else kept.push({ text, line: index + 1 });
  });
  return { kept, removed };
}
