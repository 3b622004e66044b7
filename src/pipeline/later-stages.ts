// The stages after the source's, in one module that edition.ts imports
// dynamically: most of the build code (the HTML tools, Handlebars,
// the font subsetter) then compiles while the parser thread parses the
// source, instead of before the parse is even sent. What reads and finishes
// the printed PDFs (pdf-lib) is not here: the print stage and edition.ts
// import it once the first print command is sent, to compile while Chromium prints.
export { epubMaker } from './epub-stage.ts';
export { subsetEditionFonts, webFiles } from './fonts-stage.ts';
export { clearStyleCache, renderLayouts } from './html-stage.ts';
export { printEdition } from './print-stage.ts';
export { dedupe, publishEdition } from './publish-stage.ts';
export { transformTree } from './tree-stage.ts';
