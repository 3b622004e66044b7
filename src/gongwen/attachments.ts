import type { Root, RootContent } from 'mdast';
import { UserError } from '../errors.ts';
import { plainText } from '../markdown/official.ts';

/** A `# 附件` or `# 附件2` heading: the start of an attachment's own text. */
const ATTACHMENT_HEADING = /^附件\s*(\d*)$/;

/**
 * A 公文's attachments are printed after it, each from a new page (GB/T
 * 9704-2012 §7.3.7). Their text is written after the body, each under a
 * `# 附件N` heading (`# 附件` for a single one); the page prints 附件N and the
 * name from `gongwen.attachments`, so the heading itself is dropped.
 * Changes `tree` to the body alone; returns each attachment's content.
 */
export function splitAttachments(tree: Root, names: readonly string[], where: { file: string }): Root[] {
  const parts: Root[] = [];
  let current: RootContent[] = [];
  const body = current;
  for (const node of tree.children) {
    const text = node.type === 'heading' && node.depth === 1 ? plainText(node).trim() : '';
    const match = ATTACHMENT_HEADING.exec(text);
    if (!match) {
      current.push(node);
      continue;
    }
    const number = match[1] ? Number(match[1]) : 1;
    const line = node.position?.start.line;
    if (number !== parts.length + 1) throw new UserError(`"${text}" is out of order: attachment ${parts.length + 1} comes next`, { ...where, line });
    if (number > names.length) throw new UserError(`"${text}" has no name: list the attachments' names under gongwen.attachments`, { ...where, line });
    current = [];
    parts.push({ type: 'root', children: current });
  }
  tree.children = body;
  return parts;
}
