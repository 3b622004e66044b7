import type { Root } from 'mdast';
import { throwCollected } from '../errors.ts';
import type { FrontMatter } from '../source/frontmatter.ts';
import type { SourceDocument } from '../source/load.ts';
import { findImages, type DocumentAsset } from './images.ts';
import { documentPartsFromTree } from './front-matter-tree.ts';
import type { MergedOptions } from '../project/merge.ts';

export interface CheckedSource {
  meta: FrontMatter;
  metaLines: Record<string, number>;
  tree: Root;
  images: DocumentAsset[];
  /** Build notes about the source (front matter fields of other tools left unused). */
  notes: string[];
}

/**
 * A source read for building, with every problem the author has to fix
 * reported in one run (issue 17: they came one build at a time): bad front
 * matter fields, images without alt text, missing, absolute or remote
 * images, each `file:line: message`, sorted by line (UserErrors).
 * `tree` is the source parsed by parseSafely (read.ts), front matter block included.
 */
export async function readCheckedSource(source: SourceDocument, shownFile: string, tree: Root, defaults?: MergedOptions): Promise<CheckedSource> {
  const parts = documentPartsFromTree(source.markdown, tree, shownFile, defaults);
  const { assets, problems } = await findImages(parts.tree, source.dir, shownFile);
  throwCollected([...parts.problems, ...problems]);
  const notes = parts.ignored.length ? [`${shownFile}: front matter field${parts.ignored.length > 1 ? 's' : ''} of other tools left unused: ${parts.ignored.join(', ')}`] : [];
  return { meta: parts.meta!, metaLines: parts.metaLines, tree: parts.tree, images: assets, notes };
}
