import type { Root } from 'mdast';
import type { Processor } from 'unified';

/**
 * GFM's literal autolinks (`www.example.cn`, `https://…`, `name@example.cn`)
 * are found after the parse, by a pass of four regular expressions over
 * every text node (mdast-util-gfm-autolink-literal): ~15% of the parse of a
 * long Chinese document that has none. Each expression needs `@`, `www.` or
 * `http://`/`https://` (any case) in the text; a tree whose text holds none
 * of them skips the pass, which could change nothing there.
 */
const MAY_LINK = /@|www\.|https?:\/\//i;

/** The transform's name in mdast-util-gfm-autolink-literal (a bundle may append digits). */
const AUTOLINK_TRANSFORM = /^transformGfmAutolinkLiterals\d*$/;

type Transform = (tree: Root) => Root | undefined | void;

/** A remark plugin, after remark-gfm: its literal-autolink pass runs only on trees whose text may hold one. */
export function remarkAutolinkGuard(this: Processor): void {
  const extensions = (this.data('fromMarkdownExtensions') ?? []) as unknown[];
  for (const extension of extensions.flat(Infinity) as { transforms?: Transform[] }[]) {
    if (extension.transforms) extension.transforms = extension.transforms.map((transform) => (AUTOLINK_TRANSFORM.test(transform.name) ? guarded(transform) : transform));
  }
}

function guarded(transform: Transform): Transform {
  return (tree) => (mayLink(tree) ? transform(tree) : tree);
}

function mayLink(tree: Root): boolean {
  const stack: { type: string; value?: string; children?: unknown[] }[] = [tree];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'text' && MAY_LINK.test(node.value!)) return true;
    if (node.children) for (const child of node.children) stack.push(child as (typeof stack)[number]);
  }
  return false;
}
