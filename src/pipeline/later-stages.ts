// The stages after the source's, in one module that edition.ts imports
// dynamically: most of the build code (the HTML tools, Handlebars, pdf-lib,
// the font subsetter) then compiles while the parser thread parses the
// source, instead of before the parse is even sent.
export { epubMaker } from './epub-stage.ts';
export { finishOutputs } from './finish-stage.ts';
export { subsetEditionFonts, webFiles } from './fonts-stage.ts';
export { clearStyleCache, renderLayouts } from './html-stage.ts';
export { printEdition } from './print-stage.ts';
export { dedupe, publishEdition } from './publish-stage.ts';
export { transformTree } from './tree-stage.ts';
