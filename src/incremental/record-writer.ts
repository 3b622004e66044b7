// Writing a document's skip record (read by skip-record.ts): what the build depended on, stamped before it read anything.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { sha256 } from '../files/hash.ts';
import { replaceFile } from '../files/write.ts';
import { DEBIAN_KAI, FONT_FACES } from '../fonts/faces.ts';
import { FALLBACK_FONTS, SYMBOL_FALLBACK } from '../fonts/fallback.ts';
import { packageRoot, stylesDir, templatesDir } from '../paths.ts';
import { findProjectFiles } from '../project/find.ts';
import { readCascade } from '../project/load.ts';
import { layerFolders, projectSettings } from '../project/settings.ts';
import { fontHash } from './file-cache.ts';
import { currentChromium, recordFile, recordKey, type RecordedEdition, type RecordOptions, type SkipRecord } from './skip-record.ts';
import { racy, stampOf } from './stamp.ts';

/** Paths stamped per document at most: a folder of thousands of files is checked the slow way. */
const MAX_PROBES = 5000;
/** Records kept: the oldest beyond this are removed. */
const MAX_RECORDS = 2000;

export interface Recording {
  key: string;
  chromium: string | null;
  /** Stamps taken before the build read anything. */
  before: Map<string, string | null>;
  /** The clock (ns since the epoch) before any of them was taken. */
  sinceNs: bigint;
}

/**
 * Stamp everything the document's build will depend on, before it reads
 * any of it. Undefined when no record can be kept: code of unknown identity,
 * a project with themes or plugins (code that may read any file), a
 * configuration the build will refuse anyway, or too many files.
 */
export async function startRecording(docDir: string, options: RecordOptions): Promise<Recording | undefined> {
  try {
    const key = recordKey(docDir, options);
    if (!key) return undefined;
    // Before anything is stamped or read (the configuration is, to find the layout folders).
    const sinceNs = BigInt(Date.now()) * 1_000_000n;
    const chromium = currentChromium();
    const paths = await dependencies(docDir, chromium);
    if (!paths) return undefined;
    const before = new Map<string, string | null>();
    for (const file of paths.all) before.set(file, await stampOf(file));
    // The layout folders were found from the configuration as it was read: it must not have changed since.
    if (paths.config && before.get(paths.config.file) !== paths.config.stamp) return undefined;
    return { key, chromium, before, sinceNs };
  } catch {
    return undefined;
  }
}

/**
 * After a build or a full skip check: keep the record when nothing it lists
 * changed while the build ran, nor so shortly before that a change could
 * hide behind an unchanged stamp (racy: stamp.ts), with the outputs' stamps
 * added. A font the plan resolved outside paiban's own (a project's) is
 * stamped now and hashed again: kept only if it is still the file the build
 * hashed. Never throws: without a record the next run checks the slow way.
 */
export async function saveRecording(recording: Recording, editions: readonly (RecordedEdition & { fontFiles?: readonly string[] })[]): Promise<boolean> {
  try {
    const probes = new Map(recording.before);
    for (const [file, stamp] of recording.before) {
      if (stamp !== null && racy(stamp, recording.sinceNs)) return false;
      if ((await stampOf(file)) !== stamp) return false;
    }
    for (const file of new Set(editions.flatMap((e) => e.fontFiles ?? []))) {
      if (probes.has(file)) continue;
      const stamp = await stampOf(file);
      const now = sha256(await readFile(file));
      if (stamp === null || racy(stamp, recording.sinceNs) || (await stampOf(file)) !== stamp || now !== (await fontHash(file))) return false;
      probes.set(file, stamp);
    }
    for (const edition of editions) {
      for (const name of ['manifest.json', ...edition.outputs.map((output) => output.path)]) {
        const file = path.join(edition.outDir, name);
        const stamp = await stampOf(file);
        if (stamp === null) return false;
        probes.set(file, stamp);
      }
    }
    const record: SkipRecord = {
      key: recording.key,
      chromium: recording.chromium,
      probes: [...probes],
      editions: editions.map(({ name, outDir, outputs }) => ({ name, outDir, outputs })),
    };
    const file = recordFile(recording.key);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await replaceFile(file, JSON.stringify(record));
    await prune(path.dirname(file));
    return true;
  } catch {
    return false;
  }
}

/** Every path the build's plan can depend on, before the source is parsed; undefined when too many or not recordable. */
async function dependencies(docDir: string, chromium: string | null): Promise<{ all: string[]; config?: { file: string; stamp: string | null } } | undefined> {
  const paths = new Set<string>();
  // Where the configuration is searched, found or not (src/project/find.ts).
  const found = findProjectFiles(docDir, process.cwd(), (file) => {
    paths.add(file);
    return existsSync(file);
  });
  for (const file of found.defaults) paths.add(file);
  const trees = [path.resolve(docDir), templatesDir, stylesDir];
  let config: { file: string; stamp: string | null } | undefined;
  if (found.config !== undefined) {
    config = { file: found.config, stamp: await stampOf(found.config) };
    // The cascade and settings are read as the build reads them; a bad one fails the build, which then keeps no record.
    const { root, configFile } = await readCascade(docDir);
    if (root !== undefined) {
      const settings = projectSettings(configFile);
      if (settings.theme !== undefined || settings.remarkPlugins?.length || settings.rehypePlugins?.length) return undefined;
      trees.push(...layerFolders(root, settings));
    }
  }
  for (const tree of trees) if (!(await addTree(tree, paths))) return undefined;
  // paiban's own fonts, those it falls back on, and the installed packages (their code and data).
  for (const file of [...FONT_FACES.map((face) => face.file), ...FALLBACK_FONTS.map((font) => font.file), SYMBOL_FALLBACK.file, DEBIAN_KAI]) paths.add(file);
  for (const file of [path.join(packageRoot, 'package.json'), path.join(packageRoot, 'node_modules', '.package-lock.json'), path.join(path.dirname(packageRoot), '.package-lock.json')]) paths.add(file);
  if (chromium) paths.add(chromium);
  return paths.size > MAX_PROBES ? undefined : { all: [...paths], config };
}

/** A folder and everything under it (a missing one as itself: its appearing is a change). False: too many entries, or a linked folder inside. */
async function addTree(dir: string, paths: Set<string>): Promise<boolean> {
  paths.add(dir);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => undefined);
  if (!entries) return true;
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    paths.add(full);
    if (paths.size > MAX_PROBES) return false;
    if (entry.isDirectory()) {
      if (!(await addTree(full, paths))) return false;
    } else if (entry.isSymbolicLink() && (await stat(full).catch(() => undefined))?.isDirectory()) {
      return false;
    }
  }
  return true;
}

/** Keep the newest records only. */
async function prune(dir: string): Promise<void> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.json'));
  if (names.length <= MAX_RECORDS) return;
  const dated = await Promise.all(names.map(async (name) => ({ name, time: (await stat(path.join(dir, name)).catch(() => undefined))?.mtimeMs ?? 0 })));
  dated.sort((a, b) => a.time - b.time);
  for (const { name } of dated.slice(0, dated.length - MAX_RECORDS)) await rm(path.join(dir, name), { force: true });
}
