import { dateInText } from './metadata.ts';

/**
 * A government page's record of the document it publishes: a table of
 * labelled cells above the text (索引号, 主题分类, 发文机关, 成文日期, 标题,
 * 发文字号, 发布日期), as the State Council's and most provincial portals
 * show it. It is data the publisher attached, so it outranks what the
 * importer can only guess from the text: a 转发 notice ends with the
 * forwarded report's signature, not its own.
 */
export interface DocumentRecord {
  /** 标题. */
  title?: string;
  /** 发文机关. */
  issuer?: string;
  /** 成文日期, YYYY-MM-DD. */
  written?: string;
  /** 发文字号. */
  number?: string;
  /** The record's tables, to leave out of what the page's text is counted against. */
  elements: Element[];
}

const LABELS: Record<string, keyof Omit<DocumentRecord, 'elements'> | 'other'> = {
  标题: 'title',
  名称: 'title',
  发文机关: 'issuer',
  发布机构: 'issuer',
  成文日期: 'written',
  发文字号: 'number',
  文号: 'number',
  索引号: 'other',
  主题分类: 'other',
  主题词: 'other',
  发布日期: 'other',
  公文种类: 'other',
  有效性: 'other',
};

/** A cell's text without spaces (labels are spaced out to line up: 索 引 号：). */
const squeeze = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u3000]+/g, '');

const labelOf = (cell: Element) => {
  const label = /^(\p{Script=Han}{2,6})[：:]$/u.exec(squeeze(cell.textContent))?.[1];
  return label ? LABELS[label] : undefined;
};

/**
 * The first table (holding no table) with at least three cells labelled as
 * a document record (`成文日期：`), each followed by its value's cell; with
 * it, any other table whose rows all start with such a label (the 主题词 row
 * a portal sets apart).
 */
export function findDocumentRecord(document: Document): DocumentRecord | undefined {
  const tables = Array.from(document.querySelectorAll('table')).filter((table) => !table.querySelector('table'));
  for (const table of tables) {
    const cells = Array.from(table.querySelectorAll('td, th'));
    const record: Partial<DocumentRecord> = {};
    let labels = 0;
    for (const [i, cell] of cells.entries()) {
      const field = labelOf(cell);
      if (!field) continue;
      labels++;
      const value = (cells[i + 1]?.textContent ?? '').replace(/[\s\u00a0\u3000]+/g, ' ').trim();
      // An empty value's cell may be missing: the next cell is then the next label.
      if (!value || /[：:]$/.test(value) || field === 'other' || record[field]) continue;
      // What the front matter can take: a real date; a name or a number, short and no sentence.
      if (field === 'written') record.written = dateInText(value);
      else if ([...value].length <= (field === 'title' ? 200 : 60) && !/[。！？；]/.test(value)) record[field] = field === 'number' ? value.replace(/\s+/g, '') : value;
    }
    if (labels < 3) continue;
    const labelRows = (other: Element) => {
      const rows = Array.from(other.querySelectorAll('tr'));
      return rows.length > 0 && rows.length <= 3 && rows.every((row) => row.firstElementChild !== null && labelOf(row.firstElementChild) !== undefined);
    };
    return { ...record, elements: [table, ...tables.filter((other) => other !== table && labelRows(other))] };
  }
  return undefined;
}
