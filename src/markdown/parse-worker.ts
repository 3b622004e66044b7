// The isolated parser (see isolate.ts): Markdown text in, a checked mdast out.
// Runs in a worker thread with its own heap limit, so a source that makes
// the parser slow or hungry can be stopped without harming the run.
import { serialize } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import type { Root } from 'mdast';
import { checkTreeShape, isStackOverflow, type ShapeLimits, type ShapeProblem } from './guard.ts';
import { parseMarkdown } from './parse.ts';
import { shallowStandIn } from './shallow-stand-in.ts';

export interface ParseRequest {
  id: number;
  markdown: string;
  limits: ShapeLimits;
}

/** The tree comes as its v8 serialisation (deserialize() in isolate.ts gives it back). */
export type ParseReply = { id: number; tree: Uint8Array } | { id: number; problem: ShapeProblem };

export async function parseChecked(markdown: string, limits: ShapeLimits): Promise<{ tree: Root } | { problem: ShapeProblem }> {
  // A document nested far too deep is judged by its cheap stand-in, when that is refused.
  const standIn = shallowStandIn(markdown, limits.maxDepth);
  if (standIn !== undefined) {
    const verdict = await parseAndCheck(standIn, limits);
    if ('problem' in verdict) return verdict;
  }
  return parseAndCheck(markdown, limits);
}

async function parseAndCheck(markdown: string, limits: ShapeLimits): Promise<{ tree: Root } | { problem: ShapeProblem }> {
  const tooDeep = (): { problem: ShapeProblem } => ({
    problem: { message: `is nested too deeply to process (limit PAIBAN_MAX_DEPTH is ${limits.maxDepth})`, line: undefined },
  });
  try {
    const tree = parseMarkdown(markdown);
    const problem = checkTreeShape(tree, limits, 'the document');
    if (problem) return { problem };
    // Raw HTML can nest far deeper than its Markdown: the tree it becomes is checked too.
    if (hasHtml(tree)) {
      const { checkHtmlShape } = await import('./html-shape.ts');
      const htmlProblem = checkHtmlShape(tree, limits);
      if (htmlProblem) return { problem: htmlProblem };
    }
    return { tree };
  } catch (error) {
    if (isStackOverflow(error)) return tooDeep();
    throw error;
  }
}

function hasHtml(tree: Root): boolean {
  const stack: { type: string; children?: unknown[] }[] = [tree];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'html') return true;
    if (node.children) stack.push(...(node.children as typeof stack));
  }
  return false;
}

parentPort?.on('message', async (request: ParseRequest) => {
  const result = await parseChecked(request.markdown, request.limits);
  // The bytes postMessage would have cloned the tree through anyway.
  const reply: ParseReply = 'tree' in result ? { id: request.id, tree: serialize(result.tree) } : { id: request.id, problem: result.problem };
  parentPort!.postMessage(reply);
  warmWordBreaks();
});

let warmed = false;

/**
 * Once the first parse is answered, this idle thread makes a Chinese word
 * segmenter: ICU loads its dictionary once per process (~30–50 ms), so the
 * main thread's first one (the title's word breaks, src/layout/title.ts)
 * then costs nothing.
 */
function warmWordBreaks(): void {
  if (warmed) return;
  warmed = true;
  [...new Intl.Segmenter('zh', { granularity: 'word' }).segment('排版')];
}
