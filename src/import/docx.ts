import mammoth from 'mammoth';
import { UserError } from '../errors.ts';
import { checkZipBounds } from './zip-bounds.ts';
import type { ConvertedHtml } from './import.ts';

/**
 * Word's built-in styles → the HTML the import reads: the document title is
 * the page's `<h1>`, so Heading 1 is `<h2>` (the import's `#`), and so on.
 * WPS and a Chinese Word may name the styles 标题 1 …; both are listed.
 */
const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='标题'] => h1:fresh",
  ...[1, 2, 3, 4, 5].flatMap((level) => [
    `p[style-name='heading ${level}'] => h${level + 1}:fresh`,
    `p[style-name='Heading ${level}'] => h${level + 1}:fresh`,
    `p[style-name='标题 ${level}'] => h${level + 1}:fresh`,
    `p[style-name='标题${level}'] => h${level + 1}:fresh`,
  ]),
];

const LEGACY_OFFICE = new Set(['.doc', '.wps', '.dot']);

/**
 * A Word file (.docx, as Word or WPS saves it) → HTML and its images, for
 * the HTML import; undefined for any other file. The zip is checked for
 * size and entry count first (a docx is a zip: a bomb expands 1,000-fold).
 * A .doc is refused with the command that converts it.
 */
export async function convertOfficeFile(bytes: Buffer, extension: string, shownFile: string): Promise<ConvertedHtml | undefined> {
  const lower = extension.toLowerCase();
  if (LEGACY_OFFICE.has(lower)) {
    throw new UserError(
      `is an old binary Word/WPS file (${lower}), which import cannot read; save it as .docx, or convert it with LibreOffice: soffice --headless --convert-to docx ${JSON.stringify(shownFile)}`,
      { file: shownFile },
    );
  }
  if (lower !== '.docx') return undefined;
  await checkZipBounds(bytes, shownFile);
  const images = new Map<string, { bytes: Buffer; contentType: string }>();
  let result: Awaited<ReturnType<typeof mammoth.convertToHtml>>;
  try {
    result = await mammoth.convertToHtml(
      { buffer: bytes },
      {
        styleMap: STYLE_MAP,
        // A docx may link images by file: URL or path; never read them.
        externalFileAccess: false,
        convertImage: mammoth.images.imgElement(async (image) => {
          const src = `word-image-${images.size + 1}`;
          images.set(src, { bytes: await image.readAsBuffer(), contentType: image.contentType });
          return { src };
        }),
      },
    );
  } catch (error) {
    throw new UserError(`is not a readable .docx file (${(error as Error).message.split('\n')[0]})`, { file: shownFile });
  }
  const warnings = [...new Set(result.messages.map((m) => m.message))].map((message) => `Word: ${message}`);
  return { html: `<!doctype html><html><body>${result.value}</body></html>`, format: 'docx', images, warnings };
}
