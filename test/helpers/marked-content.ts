// Matterhorn 01-005 ("content is neither marked as Artifact nor tagged as
// real content") read without paiban: pdf.js gives each page's operators with
// their marked-content nesting; qpdf gives the raw structure tree, whose
// ParentTree must map each MCID to the structure element that owns it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Content that is neither an artifact nor owned by a structure element. */
export interface UntaggedContent {
  page: number;
  operator: string;
  why: string;
}

type QpdfValue = string | number | boolean | null | QpdfValue[] | { [key: string]: QpdfValue };
type QpdfDict = { [key: string]: QpdfValue };

/** Every object of the PDF as qpdf's JSON (v2) shows it, by reference ("12 0 R"). */
function qpdfObjects(file: string): { objects: Map<string, QpdfValue>; pages: string[] } {
  const json = JSON.parse(execFileSync('qpdf', ['--json=2', '--json-key=qpdf', '--json-key=pages', file], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 })) as {
    pages: { object: string }[];
    qpdf: [unknown, Record<string, { value?: QpdfValue; stream?: { dict: QpdfDict } }>];
  };
  const objects = new Map<string, QpdfValue>();
  for (const [key, entry] of Object.entries(json.qpdf[1])) {
    if (key.startsWith('obj:')) objects.set(key.slice(4), entry.value ?? entry.stream?.dict ?? null);
  }
  return { objects, pages: json.pages.map((p) => p.object) };
}

const isRef = (value: QpdfValue | undefined): value is string => typeof value === 'string' && /^\d+ \d+ R$/.test(value);

/**
 * For each page (by reference), the structure element (by reference, or
 * null) that the ParentTree gives for each MCID of that page, checked to own
 * that MCID in its /K (an integer, or a marked-content reference on this page).
 */
function ownersByPage(file: string): { pages: string[]; owners: Map<string, (string | null)[]> } {
  const { objects, pages } = qpdfObjects(file);
  const resolve = (value: QpdfValue | undefined): QpdfValue | undefined => (isRef(value) ? objects.get(value) : value);
  const dict = (value: QpdfValue | undefined): QpdfDict | undefined => {
    const resolved = resolve(value);
    return resolved && typeof resolved === 'object' && !Array.isArray(resolved) ? resolved : undefined;
  };
  const catalog = [...objects.values()].map((o) => dict(o)).find((d) => d?.['/Type'] === '/Catalog');
  const root = dict(catalog?.['/StructTreeRoot']);
  // The ParentTree is a number tree: leaves hold /Nums [key value key value …], inner nodes /Kids.
  const parentTree = new Map<number, QpdfValue>();
  const walk = (node: QpdfDict | undefined) => {
    const nums = resolve(node?.['/Nums']);
    if (Array.isArray(nums)) for (let i = 0; i + 1 < nums.length; i += 2) parentTree.set(nums[i] as number, nums[i + 1]!);
    const kids = resolve(node?.['/Kids']);
    if (Array.isArray(kids)) for (const kid of kids) walk(dict(kid));
  };
  walk(dict(root?.['/ParentTree']));

  const owners = new Map<string, (string | null)[]>();
  for (const page of pages) {
    const key = dict(page)?.['/StructParents'];
    const entries = typeof key === 'number' ? resolve(parentTree.get(key)) : undefined;
    const list = Array.isArray(entries) ? entries : [];
    owners.set(
      page,
      list.map((element, mcid) => {
        const elem = dict(element);
        if (!isRef(element) || !elem || typeof elem['/S'] !== 'string') return null;
        const kids = resolve(elem['/K']);
        const owns = (Array.isArray(kids) ? kids : [kids]).some((kid) => {
          if (kid === mcid) return true;
          const mcr = dict(kid);
          return mcr?.['/Type'] === '/MCR' && mcr['/MCID'] === mcid && (mcr['/Pg'] ?? elem['/Pg']) === page;
        });
        return owns && (typeof kids !== 'number' || elem['/Pg'] === page) ? element : null;
      }),
    );
  }
  return { pages, owners };
}

const TEXT_OPS = new Map<number, string>([
  [OPS.showText, 'Tj'],
  [OPS.showSpacedText, 'TJ'],
  [OPS.nextLineShowText, "'"],
  [OPS.nextLineSetSpacingShowText, '"'],
]);
const PAINT_OPS = new Map<number, string>([
  [OPS.stroke, 'S'], [OPS.closeStroke, 's'], [OPS.fill, 'f'], [OPS.eoFill, 'f*'], [OPS.fillStroke, 'B'],
  [OPS.eoFillStroke, 'B*'], [OPS.closeFillStroke, 'b'], [OPS.closeEOFillStroke, 'b*'],
  [OPS.paintImageXObject, 'Do (image)'], [OPS.paintInlineImageXObject, 'BI'], [OPS.paintImageMaskXObject, 'Do (mask)'],
  [OPS.shadingFill, 'sh'],
]);

/**
 * Every text-showing operator (and, with `paint`, every path painting, image
 * and shading) that lies neither inside /Artifact marked content nor inside
 * marked content whose MCID the ParentTree maps to a structure element owning it.
 */
export async function untaggedContent(file: string, options: { paint?: boolean } = {}): Promise<UntaggedContent[]> {
  const { pages, owners } = ownersByPage(file);
  const pdf = await getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 }).promise;
  const found: UntaggedContent[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const list = await page.getOperatorList();
    const mcids = owners.get(pages[n - 1]!) ?? [];
    const stack: { tag: string; mcid: number | null }[] = [];
    list.fnArray.forEach((fn, i) => {
      const args = list.argsArray[i] as unknown[] | null;
      if (fn === OPS.beginMarkedContent) stack.push({ tag: String((args?.[0] as { name?: string })?.name ?? args?.[0]), mcid: null });
      else if (fn === OPS.beginMarkedContentProps) stack.push({ tag: String(args?.[0]), mcid: typeof args?.[1] === 'number' ? args[1] : null });
      else if (fn === OPS.endMarkedContent) stack.pop();
      // pdf.js folds a path and the operator that paints it into one constructPath.
      const paints = fn === OPS.constructPath ? PAINT_OPS.get(args?.[0] as number) : PAINT_OPS.get(fn);
      const operator = TEXT_OPS.get(fn) ?? (options.paint ? paints : undefined);
      if (!operator) return;
      if (stack.some((m) => m.tag === 'Artifact')) return;
      const inner = stack.findLast((m) => m.mcid !== null);
      if (!inner) found.push({ page: n, operator, why: stack.length ? `in ${stack.map((m) => m.tag).join(' > ')} with no MCID` : 'in no marked content' });
      else if (!mcids[inner.mcid!]) found.push({ page: n, operator, why: `MCID ${inner.mcid} (${inner.tag}) has no owning structure element in the ParentTree` });
    });
    page.cleanup();
  }
  await pdf.destroy();
  return found;
}
