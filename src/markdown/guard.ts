import type { Node } from 'unist';

/** A shape limit a tree broke, with the source line where it happened when known. */
export interface ShapeProblem {
  message: string;
  line: number | undefined;
}

export interface ShapeLimits {
  maxDepth: number;
  maxNodes: number;
}

/**
 * Check a unist tree (mdast or hast) against the depth and size limits
 * without recursion, so a tree too deep for the recursive unified
 * utilities is reported instead of overflowing the stack.
 */
export function checkTreeShape(tree: Node, limits: ShapeLimits, what: string): ShapeProblem | undefined {
  const stack: { node: Node; depth: number; line: number | undefined }[] = [{ node: tree, depth: 0, line: undefined }];
  let count = 0;
  while (stack.length) {
    const { node, depth, line: parentLine } = stack.pop()!;
    const line = node.position?.start?.line ?? parentLine;
    if (++count > limits.maxNodes) {
      return { message: `${what} has more than ${limits.maxNodes.toLocaleString('en')} nodes (limit PAIBAN_MAX_NODES)`, line };
    }
    if (depth > limits.maxDepth) {
      return { message: `${what} is nested more than ${limits.maxDepth} levels deep (lists, quotes, emphasis, HTML elements; limit PAIBAN_MAX_DEPTH)`, line };
    }
    const children = (node as { children?: Node[] }).children;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, depth: depth + 1, line });
  }
  return undefined;
}

/**
 * Before parsing: the deepest run of block quote and list markers at the
 * start of one line (`>>>>…`, `- - - …`). CommonMark parsers take time
 * quadratic in this nesting, so an absurd line is refused up front.
 */
export function checkLinePrefixes(markdown: string, maxDepth: number): ShapeProblem | undefined {
  let line = 1;
  let i = 0;
  const n = markdown.length;
  while (i < n) {
    let depth = 0;
    for (;;) {
      while (i < n && (markdown.charCodeAt(i) === 32 || markdown.charCodeAt(i) === 9)) i++;
      const c = markdown.charCodeAt(i);
      if (c === 62 /* > */) {
        depth++;
        i++;
        continue;
      }
      if ((c === 45 || c === 43 || c === 42) /* - + * */ && isBlank(markdown.charCodeAt(i + 1))) {
        depth++;
        i += 2;
        continue;
      }
      let j = i;
      while (j < n && j - i < 10 && markdown.charCodeAt(j) >= 48 && markdown.charCodeAt(j) <= 57) j++;
      if (j > i && (markdown.charCodeAt(j) === 46 || markdown.charCodeAt(j) === 41) && isBlank(markdown.charCodeAt(j + 1))) {
        depth++;
        i = j + 2;
        continue;
      }
      break;
    }
    if (depth > maxDepth) {
      return { message: `nests more than ${maxDepth} block quotes or lists on one line (limit PAIBAN_MAX_DEPTH)`, line };
    }
    const next = markdown.indexOf('\n', i);
    if (next < 0) break;
    i = next + 1;
    line++;
  }
  return undefined;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || Number.isNaN(c);
}

/** A stack overflow inside a recursive library: the tree was too deep for it. */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}
