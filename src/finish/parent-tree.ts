import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber } from 'pdf-lib';

/**
 * The parent tree's entry for a page (ISO 32000-1 §14.7.4.4): the array
 * whose n-th item is the structure element owning marked-content id n.
 * Reads the number tree's Nums, and its Kids where a writer split it.
 */
export function pageOwners(pdf: PDFDocument, root: PDFDict, page: PDFDict): PDFArray | undefined {
  const key = page.get(PDFName.of('StructParents'));
  if (!(key instanceof PDFNumber)) return undefined;
  const find = (node: PDFDict | undefined, depth: number): PDFArray | undefined => {
    if (!node || depth > 32) return undefined;
    const nums = node.lookupMaybe(PDFName.of('Nums'), PDFArray);
    for (let i = 0; nums && i + 1 < nums.size(); i += 2) {
      const at = nums.get(i);
      if (at instanceof PDFNumber && at.asNumber() === key.asNumber()) return nums.lookupMaybe(i + 1, PDFArray);
    }
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    for (let i = 0; kids && i < kids.size(); i++) {
      const found = find(kids.lookupMaybe(i, PDFDict), depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return find(root.lookupMaybe(PDFName.of('ParentTree'), PDFDict), 0);
}

/** An element's structure type, through the RoleMap to a standard one. */
export function structTypeReader(root: PDFDict | undefined): (element: PDFDict) => string {
  const roleMap = root?.lookupMaybe(PDFName.of('RoleMap'), PDFDict);
  const resolve = (type: string, depth = 0): string => {
    const mapped = roleMap?.get(PDFName.of(type))?.toString().slice(1);
    return mapped && mapped !== type && depth < 16 ? resolve(mapped, depth + 1) : type;
  };
  return (element) => resolve(element.get(PDFName.of('S'))?.toString().slice(1) ?? '');
}
