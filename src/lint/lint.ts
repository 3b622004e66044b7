import { applyFixes, type PunctuationFix } from '../cjk/punctuation.ts';
import { readDocument, type ParsedDocument } from '../markdown/document.ts';
import { readDocumentSafely } from '../markdown/read.ts';
import type { MergedOptions } from '../project/merge.ts';
import { findTreePunctuationFixes } from '../markdown/punctuation.ts';
import { LineIndex, sourceOffsets } from './source-map.ts';

/** One typography problem at a place in the Markdown file (front matter lines included). */
export interface LintProblem {
  line: number;
  column: number;
  rule: string;
  before: string;
  after: string;
  /** UTF-16 offset in the Markdown text, for --fix; undefined when --fix cannot place it. */
  offset: number | undefined;
}

export interface LintResult {
  problems: LintProblem[];
  /** False when the document's front matter says `punctuation: false`. */
  checked: boolean;
}

/**
 * The problems the build's punctuation plugin would fix in this Markdown text,
 * placed in the source. Front matter is validated as for a build.
 */
export function lintMarkdown(markdown: string, shownFile: string): LintResult {
  return lintDocument(markdown, readDocument(markdown, shownFile));
}

/**
 * lintMarkdown for files from anywhere (the CLI): parsed like a build, in
 * the isolated parser thread with its deadline, heap, depth and node limits,
 * so `[` × 10⁶ or a 1,500-deep list fails with one line instead of running
 * for minutes or overflowing the stack.
 */
export async function lintMarkdownSafely(markdown: string, shownFile: string, defaults?: MergedOptions): Promise<LintResult> {
  return lintDocument(markdown, await readDocumentSafely(markdown, shownFile, undefined, defaults));
}

function lintDocument(markdown: string, { meta, tree }: ParsedDocument): LintResult {
  if (!meta.punctuation) return { problems: [], checked: false };
  const lines = new LineIndex(markdown);
  const offsetsOf = new Map<object, number[] | undefined>();
  const problems: LintProblem[] = [];
  for (const fix of findTreePunctuationFixes(tree)) {
    if (!offsetsOf.has(fix.node)) offsetsOf.set(fix.node, sourceOffsets(fix.node, markdown));
    const offsets = offsetsOf.get(fix.node);
    const first = offsets?.[fix.offset];
    const last = offsets?.[fix.offset + fix.before.length - 1];
    // Only a fix whose characters are contiguous in the source can be rewritten in place;
    // any other is still reported, at the start of its text.
    const placed = first !== undefined && last !== undefined && last - first === fix.before.length - 1;
    const at = placed ? first : (fix.node.position?.start.offset ?? 0);
    problems.push({ ...lines.locate(at), rule: fix.rule, before: fix.before, after: fix.after, offset: placed ? first : undefined });
  }
  return { problems, checked: true };
}

/** The Markdown text with exactly the problems' characters replaced. */
export function fixMarkdown(markdown: string, problems: readonly LintProblem[]): string {
  const fixes: PunctuationFix[] = problems.flatMap((p) =>
    p.offset === undefined ? [] : [{ offset: p.offset, before: p.before, after: p.after, rule: p.rule as PunctuationFix['rule'] }],
  );
  return applyFixes(markdown, fixes);
}

export function formatProblem(file: string, problem: LintProblem): string {
  return `${file}:${problem.line}:${problem.column} ${problem.rule} ${problem.before}→${problem.after}`;
}
