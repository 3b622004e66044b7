// The parser thread's check of raw HTML (parse-worker.ts), a module of its own:
// the thread evaluates it, and parse5 with it, only for a source that has raw HTML
// (bundled in the same file: compiled lazily, not run at start-up).
import type { Root } from 'mdast';
import { unified } from 'unified';
import remarkRehype from 'remark-rehype';
import rehypeRaw from 'rehype-raw';
import { checkTreeShape, type ShapeLimits, type ShapeProblem } from './guard.ts';

const rawHtml = unified().use(remarkRehype, { allowDangerousHtml: true }).use(rehypeRaw);

/** Raw HTML can nest far deeper than its Markdown: the tree it becomes, checked. */
export function checkHtmlShape(tree: Root, limits: ShapeLimits): ShapeProblem | undefined {
  return checkTreeShape(rawHtml.runSync(structuredClone(tree)), limits, 'the document with its raw HTML');
}
