import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_CONFIG } from '../fonts/config.ts';

/** A folder's defaults for the documents in it and below it. */
export const FOLDER_DEFAULTS = '_defaults.yaml';

/** Where a document's configuration lives. */
export interface ProjectFiles {
  /** The project folder: the configuration's folder, else where the search stopped. */
  root: string;
  /** `paiban.config.yaml`, when one was found. */
  config: string | undefined;
  /** Candidate `_defaults.yaml` paths, outermost folder first (they need not exist). */
  defaults: string[];
}

/**
 * Search from the document's folder upwards for `paiban.config.yaml`,
 * stopping at the folder that has it, or at the first folder holding `.git`
 * or `package.json` (the project's root: a config in a parent project does
 * not apply), or at the filesystem root. With none found there, the working
 * directory's configuration applies, as before (a document folder given from
 * elsewhere, e.g. `paiban build /tmp/doc` run in a project).
 */
export function findProjectFiles(docDir: string, cwd = process.cwd()): ProjectFiles {
  const visited: string[] = [];
  let dir = path.resolve(docDir);
  let config: string | undefined;
  for (;;) {
    visited.push(dir);
    if (existsSync(path.join(dir, PROJECT_CONFIG))) {
      config = path.join(dir, PROJECT_CONFIG);
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir || existsSync(path.join(dir, '.git')) || existsSync(path.join(dir, 'package.json'))) break;
    dir = parent;
  }
  if (!config && existsSync(path.join(cwd, PROJECT_CONFIG))) {
    return { root: path.resolve(cwd), config: path.join(path.resolve(cwd), PROJECT_CONFIG), defaults: visited.reverse().map((d) => path.join(d, FOLDER_DEFAULTS)) };
  }
  return { root: dir, config, defaults: visited.reverse().map((d) => path.join(d, FOLDER_DEFAULTS)) };
}
