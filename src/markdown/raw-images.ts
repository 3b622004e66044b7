import { lstatSync } from 'node:fs';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { throwCollected, UserError } from '../errors.ts';

/**
 * Every `<img>` left in the document's HTML must show one of the document's
 * images, i.e. a file some Markdown image (`![…](…)`) names and that was
 * read and checked. A raw `<img src="images/x.png">` that no Markdown image
 * uses was never read: it would print as a broken image and be missing from
 * the HTML. It is an error naming the file and its line. (A raw `<img>` of
 * a file that does not exist stays what raw HTML makes it: sanitised, inert.)
 */
export function checkRawImages(tree: Root, assetPaths: ReadonlySet<string>, docDir: string, shownFile: string): void {
  const problems: UserError[] = [];
  visit(tree, 'element', (node: Element) => {
    if (node.tagName !== 'img') return;
    const src = node.properties['src'];
    if (typeof src !== 'string' || src === '') return;
    let decoded: string;
    try {
      decoded = decodeURIComponent(src.split(/[?#]/)[0] ?? '');
    } catch {
      decoded = src;
    }
    const urlPath = path.posix.normalize(decoded.replace(/\\/g, '/'));
    if (assetPaths.has(urlPath) || urlPath.startsWith('../') || !lstatSync(path.join(docDir, ...urlPath.split('/')), { throwIfNoEntry: false })) return;
    problems.push(new UserError(`raw HTML <img src="${src}"> names no image of the document; write it as a Markdown image (![说明](${urlPath})) so it is read and checked`, {
      file: shownFile,
      line: node.position?.start.line,
    }));
  });
  // Every such <img> at once, like the Markdown images.
  throwCollected(problems);
}
