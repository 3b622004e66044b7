import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString } from 'pdf-lib';
import { parseOperations, shownBytes, TEXT_SHOWING } from '../pdf/content.ts';
import { pageContentText } from '../finish/streams.ts';
import { pageFonts } from '../finish/marked.ts';

/** The text of each marked-content id of a page (text inside artifacts belongs to none). */
function textByMcid(pdf: PDFDocument, page: PDFDict): Map<number, string> {
  const fonts = pageFonts(pdf, page);
  const texts = new Map<number, string>();
  const stack: (number | 'artifact' | undefined)[] = [];
  let font: ReturnType<typeof fonts.get>;
  for (const op of parseOperations(pageContentText(pdf, page))) {
    if (op.operator === 'BDC' || op.operator === 'BMC') {
      const tag = op.operands[0];
      const props = op.operands[1];
      const mcid = props?.kind === 'dict' ? props.entries.get('MCID') : undefined;
      if (tag?.kind === 'name' && tag.value === 'Artifact') stack.push('artifact');
      else stack.push(mcid?.kind === 'number' ? mcid.value : undefined);
    } else if (op.operator === 'EMC') stack.pop();
    else if (op.operator === 'Tf') font = op.operands[0]?.kind === 'name' ? fonts.get(op.operands[0].value) : undefined;
    else if (TEXT_SHOWING.has(op.operator)) {
      if (stack.includes('artifact')) continue;
      const owner = [...stack].reverse().find((entry): entry is number => typeof entry === 'number');
      if (owner === undefined) continue;
      texts.set(owner, (texts.get(owner) ?? '') + (font ? font.decode(shownBytes(op)) : '\ufffd'));
    }
  }
  return texts;
}

export interface StructureText {
  /** All tagged text in structure order (ActualText standing in for its element's content). */
  text: string;
  /** Text under elements with an explicit /Lang, by that language (inherited down the tree). */
  byLanguage: Map<string, string>;
}

/** Read the structure tree in order and gather the text each element's marked content shows. */
export function structureText(pdf: PDFDocument, root: PDFDict): StructureText {
  const pageTexts = new Map<PDFDict, Map<number, string>>();
  const textsOf = (page: PDFDict) => {
    let found = pageTexts.get(page);
    if (!found) pageTexts.set(page, (found = textByMcid(pdf, page)));
    return found;
  };
  const result: StructureText = { text: '', byLanguage: new Map() };
  const add = (text: string, lang: string | undefined) => {
    result.text += text;
    if (lang) result.byLanguage.set(lang, (result.byLanguage.get(lang) ?? '') + text);
  };
  const visit = (node: unknown, page: PDFDict | undefined, lang: string | undefined, depth: number): void => {
    if (depth > 512) return;
    const value = node instanceof PDFRef ? pdf.context.lookup(node) : node;
    if (value instanceof PDFNumber) {
      if (page) add(textsOf(page).get(value.asNumber()) ?? '', lang);
      return;
    }
    if (!(value instanceof PDFDict)) return;
    const type = value.get(PDFName.of('Type'))?.toString();
    const ownPage = value.lookupMaybe(PDFName.of('Pg'), PDFDict) ?? page;
    if (type === '/MCR') {
      const mcid = value.get(PDFName.of('MCID'));
      if (mcid instanceof PDFNumber && ownPage) add(textsOf(ownPage).get(mcid.asNumber()) ?? '', lang);
      return;
    }
    if (type === '/OBJR') return;
    const ownLang = value.lookupMaybe(PDFName.of('Lang'), PDFString, PDFHexString)?.decodeText() ?? lang;
    const actual = value.lookupMaybe(PDFName.of('ActualText'), PDFString, PDFHexString)?.decodeText();
    if (actual !== undefined) {
      add(actual, ownLang);
      return;
    }
    const k = value.get(PDFName.of('K'));
    for (const kid of k instanceof PDFArray ? k.asArray() : k ? [k] : []) visit(kid, ownPage, ownLang, depth + 1);
  };
  visit(root, undefined, undefined, 0);
  return result;
}
