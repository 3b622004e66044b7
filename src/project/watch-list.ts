import path from 'node:path';
import { readCascade } from './load.ts';
import { findPackageDir, packageEntry, PACKAGE_NAME } from './package-dir.ts';
import { layerFolders, projectSettings } from './settings.ts';

/** What watch mode watches of a document's project: files (present or not) and folder trees. */
export interface ProjectWatchList {
  /** Configuration files that would apply, and each plugin's entry module (and a package's package.json). */
  files: string[];
  /** The project's layouts, partials and styles folders as the configuration names them, and each theme's. */
  folders: string[];
}

/**
 * Resolved as a build resolves them (src/project/load.ts, layers.ts,
 * plugins.ts), so that watch mode can ask again after each build: a
 * configuration that now names another folder, theme or plugin is followed.
 */
export async function projectWatchList(docDir: string): Promise<ProjectWatchList> {
  const { root, configFile, candidates } = await readCascade(docDir);
  const files = [...candidates];
  if (root === undefined) return { files, folders: [] };
  const settings = projectSettings(configFile);
  const folders = layerFolders(root, settings);
  const themes = typeof settings.theme === 'string' ? [settings.theme] : (settings.theme ?? []);
  for (const theme of themes) {
    const dir = PACKAGE_NAME.test(theme) ? findPackageDir(theme, root) : undefined;
    // Not installed yet: its package.json's place, so that installing it is a change.
    if (!dir) files.push(path.join(root, 'node_modules', theme, 'package.json'));
    else folders.push(...['layouts', 'partials', 'styles'].map((kind) => path.join(dir, kind)));
  }
  for (const entry of [...(settings.remarkPlugins ?? []), ...(settings.rehypePlugins ?? [])]) {
    const spec = typeof entry === 'string' ? entry : entry[0];
    if (spec.startsWith('./') || spec.startsWith('../')) files.push(path.resolve(root, spec));
    else if (PACKAGE_NAME.test(spec)) {
      const dir = findPackageDir(spec, root);
      const manifest = path.join(dir ?? path.join(root, 'node_modules', spec), 'package.json');
      files.push(manifest);
      if (dir) files.push(entryOf(dir));
    }
  }
  return { files: [...new Set(files)], folders: [...new Set(folders)] };
}

function entryOf(dir: string): string {
  try {
    return packageEntry(dir);
  } catch {
    // An unreadable package.json: the build reports it; its package.json is watched.
    return path.join(dir, 'package.json');
  }
}
