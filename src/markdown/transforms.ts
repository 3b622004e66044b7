import type { Root } from 'mdast';
import { unified, type PluggableList } from 'unified';
import type { NumberingScheme } from './official.ts';
import { langSpans, markLeadSentences, numberHeadings, rubyText } from './official.ts';
import { shiftHeadings } from './headings.ts';
import { normalizeTreePunctuation } from './punctuation.ts';

export interface PaibanTransformOptions {
  numbering: NumberingScheme | undefined;
  /** Full-width punctuation in Chinese text (front matter `punctuation`). */
  punctuation: boolean;
  /** Told how many half-width marks the punctuation pass set full-width (the build notes it). */
  marksSet?: (count: number) => void;
}

/**
 * paiban's own mdast transforms as one remark plugin, in their order:
 * official heading numbers, run-in lead sentences, ruby, lang spans, the
 * heading shift (# → h2), then punctuation (last: it sees the final text).
 */
export function remarkPaiban(options: PaibanTransformOptions) {
  return (tree: Root): void => {
    numberHeadings(tree, options.numbering);
    markLeadSentences(tree);
    rubyText(tree);
    langSpans(tree);
    shiftHeadings(tree);
    if (options.punctuation) options.marksSet?.(normalizeTreePunctuation(tree));
  };
}

/**
 * A document body through paiban's transforms, then the project's remark
 * plugins (paiban.config.yaml `remarkPlugins`), in one unified run; the
 * tree is changed in place.
 */
export async function transformBody(tree: Root, options: PaibanTransformOptions, projectPlugins: PluggableList = []): Promise<void> {
  const result = (await unified().use(remarkPaiban, options).use(projectPlugins).run(tree)) as Root;
  // A plugin may return a new tree rather than change this one.
  if (result !== tree) Object.assign(tree, result);
}
