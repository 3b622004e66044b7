import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_CONFIG } from '../fonts/config.ts';

/** A folder's defaults for the documents in it and below it. */
export const FOLDER_DEFAULTS = '_defaults.yaml';

/** Where a document's configuration lives. */
export interface ProjectFiles {
  /** The project folder: the configuration's; undefined without one (no project layouts, partials, styles or plugins). */
  root: string | undefined;
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
 * elsewhere, e.g. `paiban build /tmp/doc` run in a project). `_defaults.yaml`
 * is read in each folder from the project folder (or root) down to the
 * document's. `exists` sees every path asked about (skip records stamp them).
 */
export function findProjectFiles(docDir: string, cwd = process.cwd(), exists: (file: string) => boolean = existsSync): ProjectFiles {
  const visited: string[] = [];
  let dir = path.resolve(docDir);
  let config: string | undefined;
  let bounded = false;
  for (;;) {
    visited.push(dir);
    if (exists(path.join(dir, PROJECT_CONFIG))) {
      config = path.join(dir, PROJECT_CONFIG);
      break;
    }
    if (exists(path.join(dir, '.git')) || exists(path.join(dir, 'package.json'))) {
      bounded = true;
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  // _defaults.yaml only inside a project: with neither a configuration nor a
  // project root above it, only the document folder's own (a stray
  // /tmp/_defaults.yaml must not reach every document under /tmp).
  const folders = config || bounded ? visited.reverse() : [path.resolve(docDir)];
  const defaults = folders.map((d) => path.join(d, FOLDER_DEFAULTS));
  if (!config && exists(path.join(cwd, PROJECT_CONFIG))) {
    return { root: path.resolve(cwd), config: path.join(path.resolve(cwd), PROJECT_CONFIG), defaults };
  }
  return { root: config ? dir : undefined, config, defaults };
}
