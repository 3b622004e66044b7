import type { Root } from 'mdast';
import { UserError } from '../errors.ts';
import type { FrontMatter } from '../source/frontmatter.ts';
import { collectImages, type DocumentAsset } from './images.ts';

/** The document's images: those of the text, and the 印章 of a 公文 (`gongwen.seal`), with the same checks and serving. */
export async function documentImages(tree: Root, meta: FrontMatter, dir: string, shownFile: string, metaLines: Record<string, number>): Promise<DocumentAsset[]> {
  const images = await collectImages(tree, dir, shownFile);
  const seal = meta.gongwen?.seal;
  if (seal && !images.some((image) => image.urlPath === seal)) {
    const sealTree: Root = { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'image', url: seal, alt: '印章' }] }] };
    images.push(...(await collectImages(sealTree, dir, shownFile).catch((error: unknown) => {
      throw error instanceof UserError ? new UserError(error.message.replace('image "', 'gongwen.seal "'), { file: shownFile, line: metaLines['gongwen'] }) : error;
    })));
  }
  return images;
}
