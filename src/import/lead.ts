/**
 * Run-in lead sentences (小标题句): government reports open each topic inside a
 * paragraph with a short sentence that names it — `共同富裕系统推进。`,
 * `——经济运行趋稳向好。` — set in bold. A sentence is a lead when all hold:
 *
 * 1. it ends with 。 (a statement; not ！ or ？);
 * 2. apart from an optional leading —— it is 4 to 16 Han characters and
 *    nothing else: no comma or other mark (a lead names a topic in one
 *    breath), no digits, no quotes (`“曙光里”…正式启用。` reports a fact);
 * 3. it opens something: a longer sentence follows it in the paragraph,
 *    one with a pause (，、；：) or more than 16 characters — among short
 *    sentences (`深化改革开放。加快转型升级。`) a short one is ordinary, not a
 *    lead (a topic line that starts with —— may also stand alone);
 * 4. it does not start with a word that continues the previous sentence
 *    (这 此 但 而 因此 同时 对此 我们 …), nor — unless it starts with —— —
 *    with a verb that reports a done action (建成 完成 实施 开展 举办 …):
 *    `建成文化公园。` is news, `社会事业全面进步。` names a topic;
 * 5. the sentence before it, if any, ends with 。 — a lead starts a new topic
 *    after a finished statement, not after an address such as `各位代表！`.
 *
 * A sentence already in bold is kept as it is and counted.
 */

const CONTINUATION = /^(?:这|那|此|但|而|因此|因而|所以|于是|同时|对此|另外|此外|总之|然而|可见|我们|我|你|他|她|它)/u;
const REPORTED_ACTION = /^(?:建成|完成|实施|开展|启动|召开|成立|出台|制定|印发|举办|新增|累计|实现|组织|全年|共计)/u;
const LEAD_BODY = /^(?:——)?\p{Script=Han}{4,16}$/u;

export interface LeadResult {
  text: string;
  /** The lead sentences of this paragraph, in order, as plain text. */
  leads: string[];
}

/** Split a paragraph into sentences, each with its closing marks (and any ** right after). */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if ('“‘（《「『【'.includes(c)) depth++;
    else if ('”’）》」』】'.includes(c)) depth = Math.max(0, depth - 1);
    else if ('。！？'.includes(c) && depth === 0) {
      let end = i + 1;
      while (text[end] === '…' || text[end] === '！' || text[end] === '？') end++;
      if (text.startsWith('**', end)) end += 2;
      sentences.push(text.slice(start, end));
      start = end;
      i = end - 1;
    }
  }
  if (start < text.length) sentences.push(text.slice(start));
  return sentences;
}

export function boldLeadSentences(paragraph: string): LeadResult {
  const sentences = splitSentences(paragraph);
  const leads: string[] = [];
  const out = sentences.map((sentence, index) => {
    const plain = sentence.replace(/\*\*/g, '');
    if (!isLead(plain, sentences[index - 1]?.replace(/\*\*/g, ''), sentences[index + 1]?.replace(/\*\*/g, ''))) return sentence;
    leads.push(plain);
    if (sentence.startsWith('**') && sentence.endsWith('**')) return sentence;
    if (sentence.includes('**')) return sentence; // partly bold already: the author's choice stands
    return `**${sentence}**`;
  });
  return { text: mergeTouchingBold(out.join('')), leads };
}

/**
 * `**甲。****乙。**` → `**甲。乙。**`: two bold runs that touch are one run
 * (CommonMark does not read `****` as a close and an open; it prints it).
 * A `****` elsewhere is an empty bold run, dropped too.
 */
export function mergeTouchingBold(text: string): string {
  return text.replace(/(?<!\*)\*\*\*\*(?!\*)/g, '');
}

/** A sentence that explains a topic: it pauses (，、；：) or runs past 16 characters. */
function explains(sentence: string): boolean {
  return /[，、；：,;:]/.test(sentence) || Array.from(sentence.replace(/[。！？…]+$/, '')).length > 16;
}

function isLead(sentence: string, previous: string | undefined, next: string | undefined): boolean {
  if (!sentence.endsWith('。')) return false;
  const body = sentence.slice(0, -1);
  if (!LEAD_BODY.test(body)) return false;
  const dashed = body.startsWith('——');
  if (!dashed && !(next !== undefined && explains(next))) return false;
  if (CONTINUATION.test(dashed ? body.slice(2) : body)) return false;
  if (!dashed && REPORTED_ACTION.test(body)) return false;
  return previous === undefined || previous.endsWith('。');
}
