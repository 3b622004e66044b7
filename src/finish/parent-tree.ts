import { PDFArray, PDFDict, PDFName, PDFNumber, type PDFObject } from 'pdf-lib';

/**
 * Every entry of the parent tree (ISO 32000-1 §14.7.4.4), resolved: a
 * page's key gives the array whose n-th item owns marked-content id n, an
 * annotation's key the element that holds it. Reads the number tree's Nums,
 * and its Kids where a writer split it.
 */
export function parentTreeEntries(root: PDFDict): Map<number, PDFObject> {
  const entries = new Map<number, PDFObject>();
  const walk = (node: PDFDict | undefined, depth: number) => {
    if (!node || depth > 32) return;
    const nums = node.lookupMaybe(PDFName.of('Nums'), PDFArray);
    for (let i = 0; nums && i + 1 < nums.size(); i += 2) {
      const key = nums.get(i);
      const value = nums.lookup(i + 1);
      if (key instanceof PDFNumber && value) entries.set(key.asNumber(), value);
    }
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    for (let i = 0; kids && i < kids.size(); i++) walk(kids.lookupMaybe(i, PDFDict), depth + 1);
  };
  walk(root.lookupMaybe(PDFName.of('ParentTree'), PDFDict), 0);
  return entries;
}

/** A page's entry: the structure element owning each of its marked-content ids. */
export function pageOwners(entries: ReadonlyMap<number, PDFObject>, page: PDFDict): PDFArray | undefined {
  const key = page.get(PDFName.of('StructParents'));
  const owners = key instanceof PDFNumber ? entries.get(key.asNumber()) : undefined;
  return owners instanceof PDFArray ? owners : undefined;
}

/** A structure type through the RoleMap to the standard type it stands for. */
export function roleResolver(root: PDFDict | undefined): (type: string) => string {
  const roleMap = root?.lookupMaybe(PDFName.of('RoleMap'), PDFDict);
  const resolve = (type: string, depth = 0): string => {
    const mapped = roleMap?.get(PDFName.of(type))?.toString().slice(1);
    return mapped && mapped !== type && depth < 16 ? resolve(mapped, depth + 1) : type;
  };
  return (type) => resolve(type);
}

/** An element's structure type, through the RoleMap to a standard one. */
export function structTypeReader(root: PDFDict | undefined): (element: PDFDict) => string {
  const resolve = roleResolver(root);
  return (element) => resolve(element.get(PDFName.of('S'))?.toString().slice(1) ?? '');
}
