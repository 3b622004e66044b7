import { createHash } from 'node:crypto';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { loadProjectConfig, PROJECT_CONFIG, type ProjectConfig } from '../fonts/config.ts';
import type { TemplateOverrides } from '../layout/render.ts';
import type { RehypePlugins } from '../markdown/html.ts';
import type { InputRecord } from '../output/inputs.ts';
import { FrontMatterSchema } from '../source/frontmatter.ts';
import { findProjectFiles } from './find.ts';
import { layerFiles, type LayerFile } from './layers.ts';
import { mergeLayers, type MergedOptions, type Origin } from './merge.ts';
import { loadPlugins, NO_PLUGINS, type ProjectPlugins } from './plugins.ts';
import { projectSettings, SETTINGS_KEYS } from './settings.ts';
import { readYamlMapping, type YamlMapping } from './yaml-file.ts';

/**
 * Front matter fields a configuration file may give defaults for: all but
 * `fonts`, whose paths mean different things in the two places (relative to
 * paiban.config.yaml and anywhere, or inside the document folder).
 */
const DEFAULT_KEYS: readonly string[] = Object.keys(FrontMatterSchema.shape).filter((key) => key !== 'fonts');

/** Everything a document takes from its project: configuration, defaults, templates, styles, plugins. */
export interface DocumentProject {
  /** The project folder (the configuration's); undefined without one. */
  root: string | undefined;
  /** fonts, strict, chapterStart (src/fonts/config.ts). */
  config: ProjectConfig;
  /** paiban.config.yaml's document fields, then each _defaults.yaml from the outermost folder in. */
  defaults: MergedOptions;
  /** The project's and themes' layouts and partials over the built-in ones; undefined when none. */
  templates: TemplateOverrides | undefined;
  plugins: ProjectPlugins;
  rehype: RehypePlugins | undefined;
  /** Every configuration, layout, partial, style and plugin file: inputs of the build. */
  inputs: InputRecord[];
  /** A stylesheet: the built-in one of that name, then the themes' and the project's rules appended. */
  style(name: string, builtIn: (name: string) => Promise<string>): Promise<string>;
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** The configuration files that apply to a document, read, and its defaults merged from them. */
export interface Cascade {
  /** The configuration's folder; undefined without a configuration. */
  root: string | undefined;
  configFile: YamlMapping | undefined;
  /** paiban.config.yaml, then each _defaults.yaml, outermost first. */
  files: YamlMapping[];
  defaults: MergedOptions;
  /** Every configuration file that would apply, present or not (watch mode). */
  candidates: string[];
}

/** Find and read a document's configuration files (src/project/find.ts) and merge their document defaults. */
export async function readCascade(docDir: string): Promise<Cascade> {
  const found = findProjectFiles(docDir);
  const root = found.config ? path.dirname(found.config) : undefined;
  const configFile = found.config ? await readYamlMapping(found.config) : undefined;
  const layers: Pick<YamlMapping, 'data' | 'shown' | 'lineOf'>[] = [];
  const files: YamlMapping[] = [];
  if (configFile) {
    files.push(configFile);
    layers.push({ ...configFile, data: Object.fromEntries(Object.entries(configFile.data).filter(([key]) => DEFAULT_KEYS.includes(key))) });
  }
  const docFolder = path.resolve(docDir);
  for (const file of found.defaults) {
    // The document folder's own is untrusted, like its index.md (SECURITY.md); the project's folders are not.
    const mapping = await readYamlMapping(file, path.dirname(file) === docFolder ? { documentFolder: docFolder } : {});
    if (!mapping) continue;
    if ('fonts' in mapping.data) throw new UserError(`fonts cannot be set in a folder's defaults; set them in ${PROJECT_CONFIG} or the front matter`, { file: mapping.shown, line: mapping.lineOf(['fonts']) });
    files.push(mapping);
    layers.push(mapping);
  }
  const candidates = [found.config ?? path.resolve(PROJECT_CONFIG), ...found.defaults];
  return { root, configFile, files, defaults: mergeLayers(layers), candidates };
}

export async function loadDocumentProject(docDir: string): Promise<DocumentProject> {
  const { root, configFile, files: configFiles, defaults } = await readCascade(docDir);
  // Without a configuration: no project fonts, folders, themes or plugins.
  const config = root === undefined ? { file: undefined, fonts: {}, strict: false } : await loadProjectConfig(root, { otherKeys: [...SETTINGS_KEYS, ...DEFAULT_KEYS.filter((key) => key !== 'chapterStart')] });
  const settings = projectSettings(configFile);

  const where = (key: string): Origin => ({ file: configFile?.shown ?? '', line: configFile?.lineOf([key]) });
  const files = root === undefined ? [] : (await layerFiles(root, settings, where)).flat();
  const plugins = root === undefined ? NO_PLUGINS : await loadPlugins(root, settings.remarkPlugins ?? [], settings.rehypePlugins ?? [], where);

  const templateFiles = files.filter((f) => f.kind !== 'styles');
  // Precedence: the project, then the themes in order, then built-in: the first of a name wins.
  const firstOf = (kind: LayerFile['kind']) => {
    const map = new Map<string, string>();
    for (const file of templateFiles) if (file.kind === kind && !map.has(file.name)) map.set(file.name, file.text);
    return map;
  };
  const templates: TemplateOverrides | undefined = templateFiles.length
    ? { key: sha256(JSON.stringify(templateFiles.map((f) => [f.kind, f.name, f.text]))), layouts: firstOf('layouts'), partials: firstOf('partials') }
    : undefined;

  // Relative to the project folder (never absolute in an output).
  const relative = (file: string) => path.relative(root ?? process.cwd(), file).split(path.sep).join('/');
  const inputs: InputRecord[] = [
    ...configFiles.map((file) => ({ role: 'config' as const, path: relative(file.file), sha256: sha256(file.bytes) })),
    ...files.map((file) => ({ role: file.kind === 'styles' ? ('style' as const) : ('template' as const), path: file.inputPath, sha256: sha256(file.bytes) })),
    ...plugins.files.map((file) => ({ role: 'plugin' as const, path: file.inputPath, sha256: sha256(file.bytes) })),
  ];

  const style = async (name: string, builtIn: (name: string) => Promise<string>): Promise<string> => {
    // Appended from the lowest precedence up: the last theme's, …, the project's rules last.
    const extra = files.filter((f) => f.kind === 'styles' && f.name === name).reverse();
    const base = await builtIn(name).catch((error: NodeJS.ErrnoException) => {
      // A project layout of its own may have no built-in stylesheet.
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    return [base, ...extra.map((f) => f.text)].join('\n');
  };

  return { root, config, defaults, templates, plugins, rehype: plugins.rehype.length ? { key: plugins.rehypeKey, plugins: plugins.rehype } : undefined, inputs, style };
}
