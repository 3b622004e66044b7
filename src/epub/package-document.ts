import { createHash } from 'node:crypto';

export interface PackageItem {
  id: string;
  href: string;
  mediaType: string;
  properties?: string;
}

export interface PackageMetadata {
  identifier: string;
  title: string;
  author: string;
  lang: string;
  /** The edition's date (ISO): dc:date, and dcterms:modified at midnight UTC, never the clock. */
  date: string;
  /** What the page list's folios come from: the printed edition. */
  source: string;
  accessModes: readonly string[];
  features: readonly string[];
  summary: string;
  generator: string;
}

/**
 * A stable `urn:uuid:` for a document edition: a name-based (version 5
 * layout) UUID from a SHA-256 of its identity, so a rebuild keeps it and
 * another edition gets its own.
 */
export function documentUuid(identity: string): string {
  const bytes = createHash('sha256').update(`paiban:epub:${identity}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The package document (OPF): metadata with EPUB Accessibility 1.1's, manifest, spine. */
export function packageDocument(meta: PackageMetadata, items: readonly PackageItem[], spine: readonly string[], direction: 'ltr' | 'rtl'): string {
  const m = (property: string, value: string) => `    <meta property="${property}">${esc(value)}</meta>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id" xml:lang="${esc(meta.lang)}">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="pub-id">${esc(meta.identifier)}</dc:identifier>
    <dc:title>${esc(meta.title)}</dc:title>
    <dc:creator>${esc(meta.author)}</dc:creator>
    <dc:language>${esc(meta.lang)}</dc:language>
    <dc:date>${esc(meta.date)}</dc:date>
    <dc:source id="print-source">${esc(meta.source)}</dc:source>
    <meta refines="#print-source" property="source-of">pagination</meta>
${m('dcterms:modified', `${meta.date}T00:00:00Z`)}
${[
  ...meta.accessModes.map((mode) => m('schema:accessMode', mode)),
  m('schema:accessModeSufficient', 'textual'),
  ...meta.features.map((feature) => m('schema:accessibilityFeature', feature)),
  m('schema:accessibilityHazard', 'none'),
  m('schema:accessibilitySummary', meta.summary),
  m('dcterms:conformsTo', 'EPUB Accessibility 1.1 - WCAG 2.1 Level AA'),
].join('\n')}
    <meta name="generator" content="${esc(meta.generator)}"/>
  </metadata>
  <manifest>
${items.map((item) => `    <item id="${item.id}" href="${esc(encodeURI(item.href))}" media-type="${item.mediaType}"${item.properties ? ` properties="${item.properties}"` : ''}/>`).join('\n')}
  </manifest>
  <spine page-progression-direction="${direction}">
${spine.map((id) => `    <itemref idref="${id}"/>`).join('\n')}
  </spine>
</package>
`;
}

export const CONTAINER = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
