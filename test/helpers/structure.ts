import { readFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** A structure element as pdf.js reads it, with the text of its marked content. */
export interface StructNode {
  role: string;
  lang?: string;
  alt?: string;
  text: string;
  children: StructNode[];
  page: number;
}

interface PdfjsNode {
  role?: string;
  lang?: string;
  alt?: string;
  type?: string;
  id?: string;
  children?: PdfjsNode[];
}

/**
 * The PDF's tagged text in structure order, read by pdf.js (not by paiban):
 * each page's structure tree, its content items resolved to the text pdf.js
 * extracts for that marked-content id. Pages in order; a node spanning pages
 * appears once per page.
 */
export async function readStructure(file: string): Promise<{ text: string; roots: StructNode[] }> {
  const pdf = await getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 }).promise;
  const roots: StructNode[] = [];
  let text = '';
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent({ includeMarkedContent: true });
    const byId = new Map<string, string>();
    const stack: (string | undefined)[] = [];
    for (const item of content.items as { type?: string; id?: string; str?: string }[]) {
      if (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent') stack.push(item.id);
      else if (item.type === 'endMarkedContent') stack.pop();
      else if (typeof item.str === 'string') {
        const id = [...stack].reverse().find((entry) => entry !== undefined);
        if (id) byId.set(id, (byId.get(id) ?? '') + item.str);
      }
    }
    const tree = (await page.getStructTree()) as PdfjsNode | null;
    const convert = (node: PdfjsNode): StructNode => {
      const children: StructNode[] = [];
      let own = '';
      for (const child of node.children ?? []) {
        if (child.type === 'content' && child.id) own += byId.get(child.id) ?? '';
        else if (child.role) {
          const converted = convert(child);
          children.push(converted);
          own += converted.text;
        }
      }
      return { role: node.role ?? '', lang: node.lang, alt: node.alt, text: own, children, page: n };
    };
    if (tree) {
      const root = convert(tree);
      roots.push(root);
      text += root.text;
    }
  }
  await pdf.destroy();
  return { text, roots };
}

/** Every node of the trees, depth first. */
export function allNodes(roots: StructNode[]): StructNode[] {
  return roots.flatMap((root) => [root, ...allNodes(root.children)]);
}
