import { createHash } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PluggableList, Plugin } from 'unified';
import { UserError } from '../errors.ts';
import { displayPath } from '../paths.ts';
import { findPackageDir, packageEntry, PACKAGE_NAME } from './package-dir.ts';
import type { Origin } from './merge.ts';
import type { PluginEntry } from './settings.ts';

/** The project's remark and rehype plugins, loaded, with the files they came from. */
export interface ProjectPlugins {
  remark: PluggableList;
  rehype: PluggableList;
  /** Identifies the rehype set, for caching processors (empty: none). */
  rehypeKey: string;
  /** Each plugin's entry module (and package.json): inputs of every build that uses them. */
  files: { inputPath: string; bytes: Buffer }[];
}

export const NO_PLUGINS: ProjectPlugins = { remark: [], rehype: [], rehypeKey: '', files: [] };

/**
 * Load the plugins the configuration names. A plugin is the project's own
 * code, trusted as a Makefile is (SECURITY.md): a package from the project's
 * node_modules, or a module inside the project folder by a relative path
 * (`./plugins/x.js`). Its default export is a unified attacher.
 */
export async function loadPlugins(projectRoot: string, remark: readonly PluginEntry[], rehype: readonly PluginEntry[], where: (key: string) => Origin): Promise<ProjectPlugins> {
  if (!remark.length && !rehype.length) return NO_PLUGINS;
  const root = await realpath(projectRoot);
  const files: ProjectPlugins['files'] = [];
  const rehypeUrls: string[] = [];
  const load = async (entry: PluginEntry, key: string) => {
    const [spec, options] = typeof entry === 'string' ? [entry] : entry;
    const { file, inputs } = await resolvePlugin(spec, root, where(key));
    files.push(...inputs);
    // The entry's hash in the URL: an edited plugin is loaded afresh in watch mode (Node caches modules by URL).
    const url = `${pathToFileURL(file).href}?sha256=${createHash('sha256').update(inputs.at(-1)!.bytes).digest('hex').slice(0, 16)}`;
    let module: { default?: unknown };
    try {
      module = (await import(url)) as { default?: unknown };
    } catch (error) {
      throw new UserError(`plugin "${spec}" failed to load: ${(error as Error).message.split('\n')[0]}`, where(key));
    }
    if (typeof module.default !== 'function') throw new UserError(`plugin "${spec}" has no default export that is a plugin function`, where(key));
    const plugin = module.default as Plugin;
    if (key === 'rehypePlugins') rehypeUrls.push(url);
    return options === undefined ? ([plugin] as const) : ([plugin, options] as const);
  };
  const loadedRemark: PluggableList = [];
  for (const entry of remark) loadedRemark.push((await load(entry, 'remarkPlugins')) as PluggableList[number]);
  const loadedRehype: PluggableList = [];
  for (const entry of rehype) loadedRehype.push((await load(entry, 'rehypePlugins')) as PluggableList[number]);
  // With the modules' URLs (their hashes): an edited plugin gets a new processor in watch mode, not the cached one.
  const rehypeKey = rehype.length ? JSON.stringify([root, rehype, rehypeUrls]) : '';
  return { remark: loadedRemark, rehype: loadedRehype, rehypeKey, files };
}

async function resolvePlugin(spec: string, root: string, where: Origin): Promise<{ file: string; inputs: ProjectPlugins['files'] }> {
  if (spec.startsWith('./') || spec.startsWith('../')) {
    const real = await realpath(path.resolve(root, spec)).catch(() => undefined);
    if (!real) throw new UserError(`plugin "${spec}" not found (looked for ${displayPath(path.resolve(root, spec))})`, where);
    const rel = path.relative(root, real);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) throw new UserError(`plugin "${spec}" lies outside the project folder`, where);
    return { file: real, inputs: [{ inputPath: rel.split(path.sep).join('/'), bytes: await readFile(real) }] };
  }
  if (!PACKAGE_NAME.test(spec)) throw new UserError(`plugin "${spec}" is neither a package name nor a relative path (./plugins/x.js)`, where);
  const dir = findPackageDir(spec, root);
  if (!dir) throw new UserError(`plugin "${spec}" is not installed (npm install ${spec})`, where);
  const file = packageEntry(dir);
  const manifest = path.join(dir, 'package.json');
  return {
    file,
    inputs: [
      { inputPath: `plugin:${spec}/package.json`, bytes: await readFile(manifest) },
      { inputPath: `plugin:${spec}/${path.relative(dir, file).split(path.sep).join('/')}`, bytes: await readFile(file) },
    ],
  };
}
