import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNull, PDFNumber, PDFRef, PDFString } from 'pdf-lib';
import { dissolveGroupings } from '../../src/finish/groupings.ts';
import { compactObjectNumbers } from '../../src/finish/object-numbers.ts';
import { repairStructure } from '../../src/finish/structure.ts';

/** The structure tree as an outline: type, then kids in brackets; an MCID as its number. */
function outline(pdf: PDFDocument, item: unknown): string {
  const object = item instanceof PDFRef ? pdf.context.lookup(item) : item;
  if (object instanceof PDFNumber) return String(object.asNumber());
  if (!(object instanceof PDFDict)) return '?';
  const k = object.get(PDFName.of('K'));
  const kids = k instanceof PDFArray ? k.asArray() : k ? [k] : [];
  const type = object.get(PDFName.of('S'))?.toString().slice(1) ?? 'Root';
  return kids.length ? `${type}[${kids.map((kid) => outline(pdf, kid)).join(' ')}]` : type;
}

const rootOf = (pdf: PDFDocument) => pdf.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
const parentOf = (pdf: PDFDocument, ref: PDFRef) => pdf.context.lookup(ref, PDFDict).get(PDFName.of('P'));

interface SignOff {
  pdf: PDFDocument;
  refs: Record<'document' | 'line' | 'paragraph' | 'div', PDFRef | undefined>;
}

/**
 * A sign-off block as Chromium tags it: a <div> (NonStruct) around a line of
 * text (NonStruct with an MCID) and a paragraph with the seal, in a Document.
 * `wrapped` false: the same print with the <div> left out, as Chromium
 * sometimes writes it. The objects are made in the same order either way.
 */
async function signOff(wrapped: boolean, extra: Record<string, unknown> = {}): Promise<SignOff> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const pageRef = pdf.addPage().ref;
  const ctx = pdf.context;
  const element = (S: string, keys: Record<string, unknown> = {}) => ctx.register(ctx.obj({ Type: 'StructElem', S, ...keys } as never));
  const document = element('Document');
  const first = element('P', { Pg: pageRef, K: 0 });
  const div = wrapped ? element('NonStruct', extra) : undefined;
  const line = element('NonStruct', { Pg: pageRef, K: 1 });
  const date = element('NonStruct', { Pg: pageRef, K: 2 });
  const figure = element('Figure', { Pg: pageRef, K: 3, Alt: PDFString.of('seal') });
  const paragraph = element('P', { K: [date, figure] });
  const setParent = (kids: PDFRef[], parent: PDFRef) => {
    ctx.lookup(parent, PDFDict).set(PDFName.of('K'), ctx.obj(kids));
    for (const kid of kids) ctx.lookup(kid, PDFDict).set(PDFName.of('P'), parent);
  };
  setParent([date, figure], paragraph);
  if (div) {
    setParent([line, paragraph], div);
    setParent([first, div], document);
  } else setParent([first, line, paragraph], document);
  pdf.catalog.set(PDFName.of('StructTreeRoot'), ctx.register(ctx.obj({ Type: 'StructTreeRoot', K: document })));
  ctx.lookup(document, PDFDict).set(PDFName.of('P'), pdf.catalog.get(PDFName.of('StructTreeRoot'))!);
  return { pdf, refs: { document, line, paragraph, div } };
}

test('groupings: a NonStruct that only groups elements is dissolved into its parent, in place', async () => {
  const { pdf, refs } = await signOff(true);
  assert.equal(outline(pdf, rootOf(pdf)), 'Root[Document[P[0] NonStruct[NonStruct[1] P[NonStruct[2] Figure[3]]]]]');
  dissolveGroupings(pdf, rootOf(pdf));
  assert.equal(outline(pdf, rootOf(pdf)), 'Root[Document[P[0] NonStruct[1] P[NonStruct[2] Figure[3]]]]');
  // The kids now name the Document as parent, and the grouping is no longer written.
  assert.equal(parentOf(pdf, refs.line!), refs.document);
  assert.equal(parentOf(pdf, refs.paragraph!), refs.document);
  assert.equal(pdf.context.lookup(refs.div!), undefined);
});

test('groupings: nested groupings go at once; a NonStruct with content or meaning stays', async () => {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const pageRef = pdf.addPage().ref;
  const ctx = pdf.context;
  const element = (S: string, keys: Record<string, unknown> = {}) => ctx.register(ctx.obj({ Type: 'StructElem', S, ...keys } as never));
  const p = element('P', { Pg: pageRef, K: 0 });
  const inner = element('NonStruct', { K: [p] });
  const outer = element('NonStruct', { K: [inner] });
  const mixed = element('NonStruct', { Pg: pageRef, K: [4, element('Span', { Pg: pageRef, K: 5 })] });
  const lang = element('NonStruct', { Lang: PDFString.of('en'), K: [element('P', { Pg: pageRef, K: 6 })] });
  const named = element('NonStruct', { ID: PDFString.of('x'), K: [element('P', { Pg: pageRef, K: 7 })] });
  const empty = element('NonStruct', { K: [] as never[] });
  const document = element('Document', { K: [outer, mixed, lang, named, empty] });
  pdf.catalog.set(PDFName.of('StructTreeRoot'), ctx.register(ctx.obj({ Type: 'StructTreeRoot', K: [document] })));
  dissolveGroupings(pdf, rootOf(pdf));
  assert.equal(outline(pdf, rootOf(pdf)), 'Root[Document[P[0] NonStruct[4 Span[5]] NonStruct[P[6]] NonStruct[P[7]] NonStruct]]');
  assert.equal(parentOf(pdf, p), document);
});

test('groupings: the root keeps its own kids even when one is a bare NonStruct', async () => {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const pageRef = pdf.addPage().ref;
  const ctx = pdf.context;
  const p = ctx.register(ctx.obj({ Type: 'StructElem', S: 'P', Pg: pageRef, K: 0 } as never));
  const top = ctx.register(ctx.obj({ Type: 'StructElem', S: 'NonStruct', K: [p] } as never));
  pdf.catalog.set(PDFName.of('StructTreeRoot'), ctx.register(ctx.obj({ Type: 'StructTreeRoot', K: [top] })));
  dissolveGroupings(pdf, rootOf(pdf));
  assert.equal(outline(pdf, rootOf(pdf)), 'Root[NonStruct[P[0]]]');
});

test('object numbers: 1…N with no gap, every reference still reaching its object, a dangling one null', async () => {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.addPage();
  const ctx = pdf.context;
  const gone = ctx.register(ctx.obj({ Gone: true }));
  const target = ctx.register(ctx.obj({ Name: PDFString.of('target') }));
  const holder = ctx.register(ctx.obj({ Kids: [target, gone], Inline: { Ref: target } }));
  pdf.catalog.set(PDFName.of('Holder'), holder);
  ctx.delete(gone);
  const before = ctx.enumerateIndirectObjects().map(([ref]) => ref.objectNumber);
  assert.ok(before.includes(gone.objectNumber + 1) && !before.includes(gone.objectNumber), 'a hole to close');

  compactObjectNumbers(pdf);
  const numbers = ctx.enumerateIndirectObjects().map(([ref]) => ref.objectNumber);
  assert.deepEqual(numbers, Array.from({ length: before.length }, (_, i) => i + 1));
  assert.equal(ctx.largestObjectNumber, before.length);
  const holderDict = pdf.catalog.lookup(PDFName.of('Holder'), PDFDict);
  const kids = holderDict.lookup(PDFName.of('Kids'), PDFArray);
  assert.equal(kids.lookup(0, PDFDict).get(PDFName.of('Name'))?.toString(), '(target)');
  assert.equal(kids.get(1), PDFNull);
  assert.equal(holderDict.lookup(PDFName.of('Inline'), PDFDict).lookup(PDFName.of('Ref'), PDFDict).get(PDFName.of('Name'))?.toString(), '(target)');
  // Pages asked for afterwards carry the new numbers.
  assert.equal(pdf.getPages()[0]!.ref, ctx.enumerateIndirectObjects().find(([, object]) => object instanceof PDFDict && object.get(PDFName.of('Type'))?.toString() === '/Page')![0]);
  // The file reads back: the trailer's Root is the catalog.
  const again = await PDFDocument.load(await pdf.save({ useObjectStreams: false }), { updateMetadata: false });
  assert.equal(again.getPageCount(), 1);
  assert.ok(again.catalog.has(PDFName.of('Holder')));
});

test('groupings: a print with the <div> tagged and one without give the same bytes once repaired', async () => {
  const saved = async (wrapped: boolean) => {
    const { pdf } = await signOff(wrapped);
    repairStructure(pdf);
    compactObjectNumbers(pdf);
    return Buffer.from(await pdf.save({ useObjectStreams: false }));
  };
  const withDiv = await saved(true);
  const withoutDiv = await saved(false);
  assert.ok(withDiv.equals(withoutDiv), 'the same bytes');
  // Not vacuous: without the two steps the files differ.
  const raw = async (wrapped: boolean) => Buffer.from(await (await signOff(wrapped)).pdf.save({ useObjectStreams: false }));
  assert.ok(!(await raw(true)).equals(await raw(false)));
});

test('groupings: a <div> with a meaning of its own is not dissolved (the prints stay different)', async () => {
  const { pdf } = await signOff(true, { Lang: PDFString.of('en') });
  repairStructure(pdf);
  assert.match(outline(pdf, rootOf(pdf)), /Document\[P\[0\] Span\[NonStruct\[1\]/);
});
