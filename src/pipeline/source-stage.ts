// Stage 1: the source folder → the parsed document, shared by every edition built from it.
import { UserError } from '../errors.ts';
import { readCheckedSource } from '../markdown/checked-source.ts';
import { parseSafely } from '../markdown/read.ts';
import { collectImages, type DocumentAsset } from '../markdown/images.ts';
import { MANIFEST } from '../output/write.ts';
import { displayPath } from '../paths.ts';
import type { FrontMatter } from '../source/frontmatter.ts';
import { loadSource, type SourceDocument } from '../source/load.ts';
import { assertLayout } from '../layout/names.ts';
import { loadDocumentProject, type DocumentProject } from '../project/load.ts';
import { optionOrigin } from '../project/merge.ts';
import { resolveEditions, type Edition } from '../editions/editions.ts';
import type { Root } from 'mdast';

/** The source as read and parsed, before its images are checked. */
export interface ReadSource {
  source: SourceDocument;
  /** The source file as messages name it. */
  shownFile: string;
  meta: FrontMatter;
  metaLines: Record<string, number>;
  tree: Root;
  /** The document's images, checked (the 印章 is added by checkSource). */
  images: DocumentAsset[];
  /** Build notes about the source (front matter fields of other tools left unused). */
  notes: string[];
  /** paiban.config.yaml and _defaults.yaml: defaults under the front matter; templates, styles, plugins (src/project). */
  project: DocumentProject;
}

/** A parsed source with its checked images and declared editions. */
export interface ParsedSource extends ReadSource {
  images: DocumentAsset[];
  editions: Edition[];
}

/** Output names a document's folder may hold, after `<doc>`. */
const OUTPUT_SUFFIXES = ['.pdf', '.print.pdf', '.saddle.pdf', '.pdfx.pdf', '.epub'];
/** Folders of a document's output that no edition id may take (images' own folders are checked per document). */
const RESERVED_EDITION_IDS: readonly string[] = ['assets'];

/** Read and parse `<docDir>/index.md`. */
export async function readSource(docDir: string, progress: (step: string) => void): Promise<ReadSource> {
  const source = await loadSource(docDir);
  const shownFile = displayPath(source.file);
  progress('parse');
  // The text goes to the parser thread first, the project's files are read
  // meanwhile (their defaults are needed only after the parse, for the front
  // matter). A problem in the project is still the one reported first.
  const parsing = parseSafely(source.markdown, shownFile);
  parsing.catch(() => undefined);
  const project = await loadDocumentProject(source.dir);
  // Every bad front matter field and image in one run (UserErrors), not one per build.
  const { meta, metaLines, tree, images, notes } = await readCheckedSource(source, shownFile, await parsing, project.defaults);
  return { source, shownFile, meta, metaLines, tree, images, notes, project };
}

/** Check the editions' layouts, collect the images (and the 印章), and refuse names that collide with outputs. */
export async function checkSource(read: ReadSource): Promise<ParsedSource> {
  const { source, shownFile, meta, metaLines, project } = read;
  const images = [...read.images];
  const editions = resolveEditions(meta);
  for (const edition of editions) {
    const layout = String(edition.overrides.layout ?? meta.layout);
    assertLayout(layout, optionOrigin(edition.overrides.layout ? 'editions' : 'layout', metaLines, shownFile, project.defaults), project.templates);
  }
  // The 印章 is one of the document's images: the same checks, the same serving.
  const seal = meta.gongwen?.seal;
  if (seal && !images.some((image) => image.urlPath === seal)) {
    const sealTree: Root = { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'image', url: seal, alt: '印章' }] }] };
    images.push(...(await collectImages(sealTree, source.dir, shownFile).catch((error: unknown) => {
      throw error instanceof UserError ? new UserError(error.message.replace('image "', 'gongwen.seal "'), { file: shownFile, line: metaLines['gongwen'] }) : error;
    })));
  }
  const reserved = new Set(['index.html', 'assets', MANIFEST, ...editions.map((e) => e.id), ...OUTPUT_SUFFIXES.map((suffix) => `${source.name}${suffix}`)]);
  for (const image of images) {
    if (reserved.has(image.urlPath.split('/')[0]!)) {
      throw new UserError(`image path "${image.urlPath}" collides with an output name; move it into a folder such as images/`, { file: shownFile });
    }
  }
  // A non-default edition is written to `<doc>/<id>/`, beside the default's
  // own folders: an id naming one (assets/) would mix the two, and the next
  // build of the default edition would delete it. (Image folders are refused
  // just above.)
  for (const edition of editions) {
    if (!edition.isDefault && RESERVED_EDITION_IDS.includes(edition.id)) {
      throw new UserError(`edition id "${edition.id}" is reserved: it names a folder of the output (${RESERVED_EDITION_IDS.join(', ')}); choose another id`, { file: shownFile, line: metaLines['editions'] ?? 1 });
    }
  }
  return { ...read, images, editions };
}

/** The editions to build: all, the one asked for, or the default. */
export function selectEditions(parsed: ParsedSource, options: { edition?: string; allEditions?: boolean }): Edition[] {
  const { editions, shownFile, metaLines } = parsed;
  const selected = options.allEditions ? editions : [editions.find((e) => (options.edition ? e.id === options.edition : e.isDefault))];
  if (!selected[0]) {
    throw new UserError(`no edition "${options.edition}" (editions: ${editions.map((e) => e.id).join(', ')})`, { file: shownFile, line: metaLines['editions'] ?? 1 });
  }
  return selected as Edition[];
}
