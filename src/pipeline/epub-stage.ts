// Stage 7b: the edition's tree, styles and fonts, with the PDF it printed → `<doc>.epub` (page list from the printed folios).
import type { Edition } from '../editions/editions.ts';
import type { DocumentAsset } from '../markdown/images.ts';
import { generator } from '../paths.ts';
import type { EditionFonts } from './fonts-stage.ts';
import { SHARED_STYLES, WEB_LAYOUT, type EditionLayouts } from './html-stage.ts';
import type { EditionTree } from './tree-stage.ts';

/** Makes the EPUB from the reader PDF once it is printed (finishOutputs calls it: the folios are the PDF's). */
export function epubMaker(name: string, edition: Edition, tree: EditionTree, layouts: EditionLayouts, fonts: EditionFonts, images: readonly DocumentAsset[]) {
  return async (printedPdf: Buffer): Promise<Buffer> => {
    // Loaded only for an EPUB: its page list reads the PDF with pdf.js, whose
    // legacy build replaces JSON.stringify and Uint8Array.fromBase64 for the
    // whole process with slow polyfills (every CDP message goes through them).
    const { buildEpub } = await import('../epub/build.ts');
    return buildEpub({
      identity: `${name}/${edition.id}`,
      ...tree.meta,
      editionDisplay: layouts.base.editionDisplay,
      body: tree.body,
      printedPdf,
      // The HTML output's styles, adapted for reading systems in src/epub.
      styles: [...SHARED_STYLES, `${WEB_LAYOUT}.css`].map((style) => ({ name: style, css: layouts.styles.get(style)! })),
      faces: [...fonts.faces],
      images: [...images],
      generator: `${generator.name} ${generator.version}`,
    });
  };
}
