import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { readRegularFile } from '../files/read.ts';
import { displayPath, stylesDir, templatesDir } from '../paths.ts';
import { findPackageDir, PACKAGE_NAME } from './package-dir.ts';
import type { ProjectSettings } from './settings.ts';
import type { Origin } from './merge.ts';

export type LayerKind = 'layouts' | 'partials' | 'styles';
const KINDS: readonly LayerKind[] = ['layouts', 'partials', 'styles'];
const EXTENSION: Record<LayerKind, string> = { layouts: '.hbs', partials: '.hbs', styles: '.css' };
/** A layout, partial or stylesheet is text a person wrote: 1 MiB is plenty. */
const MAX_LAYER_FILE_BYTES = 1024 * 1024;

/** One file a project or theme adds or overrides. */
export interface LayerFile {
  kind: LayerKind;
  /** `colophon` for partials/colophon.hbs, `booklet.css` for styles/booklet.css. */
  name: string;
  /** For the manifest: relative to the project folder, or `theme:<package>/…`. */
  inputPath: string;
  text: string;
  bytes: Buffer;
}

/** A project or a theme: where its three folders are, and which folder its files must stay in. */
interface Layer {
  label: string;
  /** Real path: no file of the layer may resolve outside it. */
  root: string;
  dirs: Record<LayerKind, string>;
  inputPrefix: string;
}

/**
 * The project's and its themes' files, in order of precedence: the project
 * first, then each theme as listed. Built-in templates and styles come after
 * all of them (src/layout/render.ts, the build's styles).
 */
export async function layerFiles(projectRoot: string, settings: ProjectSettings, where: (key: string) => Origin): Promise<LayerFile[][]> {
  const root = await realpath(projectRoot);
  const project: Layer = {
    label: 'the project folder',
    root,
    dirs: Object.fromEntries(await Promise.all(KINDS.map(async (kind) => [kind, await projectFolder(root, settings[kind] ?? kind, where(kind))]))) as Record<LayerKind, string>,
    inputPrefix: '',
  };
  const themes = typeof settings.theme === 'string' ? [settings.theme] : (settings.theme ?? []);
  const layers = [project];
  for (const name of themes) {
    if (!PACKAGE_NAME.test(name)) throw new UserError(`theme "${name}" is not a package name (a theme is an npm package in the project's node_modules)`, where('theme'));
    const dir = findPackageDir(name, root);
    if (!dir) throw new UserError(`theme "${name}" is not installed (npm install ${name})`, where('theme'));
    const themeRoot = await realpath(dir);
    layers.push({ label: `theme ${name}`, root: themeRoot, dirs: { layouts: path.join(themeRoot, 'layouts'), partials: path.join(themeRoot, 'partials'), styles: path.join(themeRoot, 'styles') }, inputPrefix: `theme:${name}/` });
  }
  return Promise.all(layers.map(readLayer));
}

/** A folder the configuration names: inside the project, by a relative path. */
async function projectFolder(root: string, given: string, where: Origin): Promise<string> {
  const dir = path.resolve(root, given);
  const real = await realpath(dir).catch(() => dir);
  if (path.isAbsolute(given) || !inside(root, real)) throw new UserError(`"${given}" must be a folder inside the project (${displayPath(root)})`, where);
  return real;
}

/** paiban's own folders: built in, never a project's too (paiban's repository has a styles/ beside its package.json). */
const BUILT_IN_DIRS = Promise.all([stylesDir, templatesDir, path.join(templatesDir, 'layouts'), path.join(templatesDir, 'partials')].map((dir) => realpath(dir).catch(() => dir)));

async function readLayer(layer: Layer): Promise<LayerFile[]> {
  const files: LayerFile[] = [];
  const builtIn = await BUILT_IN_DIRS;
  for (const kind of KINDS) {
    const dir = layer.dirs[kind];
    if (builtIn.includes(await realpath(dir).catch(() => dir))) continue;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.filter((e) => e.name.endsWith(EXTENSION[kind])).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const file = path.join(dir, entry.name);
      const shown = displayPath(file);
      // A link may point elsewhere inside the layer, never out of it (../../etc/passwd as a partial would print it).
      const real = await realpath(file).catch(() => undefined);
      if (!real) throw new UserError('is a broken link', { file: shown });
      if (!inside(layer.root, real)) throw new UserError(`is a link to a file outside ${layer.label}; copy the file in instead`, { file: shown });
      const bytes = await readRegularFile(real, { shown, maxBytes: MAX_LAYER_FILE_BYTES });
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        throw new UserError('is not valid UTF-8', { file: shown });
      }
      const name = kind === 'styles' ? entry.name : entry.name.slice(0, -EXTENSION[kind].length);
      const inputPath = layer.inputPrefix + path.relative(layer.root, file).split(path.sep).join('/');
      files.push({ kind, name, inputPath, text, bytes });
    }
  }
  return files;
}

function inside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
