// The fast skip: one record per document and set of options, checked by
// stamping the paths it lists, without parsing anything (src/incremental/record-writer.ts writes it).
import path from 'node:path';
import { sha256 } from '../files/hash.ts';
import { readRegularFile } from '../files/read.ts';
import type { DocumentResult, Format } from '../pipeline/options.ts';
import { findChromium } from '../render/chromium.ts';
import { codeIdentity } from './code-identity.ts';
import { cacheDir } from './file-cache.ts';
import { stampOf } from './stamp.ts';

export interface SkippedEdition {
  name: string;
  outDir: string;
  outputs: DocumentResult['outputs'];
  seconds: number;
  skipped: true;
  /** The font files the edition's plan resolved (a skip record stamps those outside paiban's own). */
  fontFiles?: readonly string[];
}

/** The options that select what a build writes (--force and --jobs do not). */
export interface RecordOptions {
  outRoot: string;
  formats: ReadonlySet<Format>;
  impose?: 'saddle';
  pdfx: boolean;
  edition?: string;
  allEditions: boolean;
  strict: boolean;
}

/** An edition as the record repeats it when skipping. */
export interface RecordedEdition {
  name: string;
  outDir: string;
  outputs: DocumentResult['outputs'];
}

/**
 * Everything an unchanged build of the document depended on, each path with
 * its stamp (src/incremental/stamp.ts) as it was when the outputs were known
 * to match it: the document folder's every entry, the configuration files
 * that apply and those that could (absent: null), the project's layout
 * folders, paiban's templates, styles, fonts and installed packages, the
 * Chromium executable, and the outputs themselves.
 */
export interface SkipRecord {
  key: string;
  chromium: string | null;
  probes: [string, string | null][];
  editions: RecordedEdition[];
}

const RECORDS_FOLDER = 'skip';
const MAX_RECORD_BYTES = 8 * 1024 * 1024;
/** Variables that never change what a build writes. */
const IGNORED_VARIABLES = new Set(['PAIBAN_TRACE', 'PAIBAN_DEBUG', 'PAIBAN_CHROMIUM_ENDPOINT']);

/**
 * Which record applies: the code, Node, working directory, document, output
 * root, options and paiban's environment variables. Undefined when the
 * running code has no identity (run from src/).
 */
export function recordKey(docDir: string, options: RecordOptions): string | undefined {
  const code = codeIdentity();
  if (!code) return undefined;
  const env = Object.entries(process.env)
    .filter(([name]) => (name.startsWith('PAIBAN_') && !IGNORED_VARIABLES.has(name)) || name === 'PUPPETEER_EXECUTABLE_PATH')
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify({
    record: 1,
    code,
    node: process.versions.node,
    cwd: process.cwd(),
    doc: path.resolve(docDir),
    out: path.resolve(options.outRoot),
    formats: [...options.formats].sort(),
    impose: options.impose ?? null,
    pdfx: options.pdfx,
    edition: options.edition ?? null,
    allEditions: options.allEditions,
    strict: options.strict,
    env,
  });
}

export function recordFile(key: string): string {
  return path.join(cacheDir(), RECORDS_FOLDER, `${sha256(key)}.json`);
}

/** The Chromium a build would use now (null: none). */
export function currentChromium(): string | null {
  try {
    return findChromium();
  } catch {
    return null;
  }
}

/**
 * The skipped editions when the document's record exists and every path it
 * lists is exactly as recorded; otherwise undefined, and the full check
 * (src/incremental/skip.ts) decides. Never throws.
 */
export async function fastSkip(docDir: string, options: RecordOptions): Promise<SkippedEdition[] | undefined> {
  const started = performance.now();
  try {
    const key = recordKey(docDir, options);
    if (!key) return undefined;
    const record = await readRecord(recordFile(key));
    if (!record || record.key !== key || !record.probes.length || record.chromium !== currentChromium()) return undefined;
    const stamps = await Promise.all(record.probes.map(([file]) => stampOf(file)));
    if (stamps.some((stamp, i) => stamp !== record.probes[i]![1])) return undefined;
    const seconds = (performance.now() - started) / 1000;
    return record.editions.map((edition) => ({ ...edition, seconds, skipped: true }));
  } catch {
    return undefined;
  }
}

/** The record, if it is one (the cache is the account's own, but a damaged file must not pass). */
async function readRecord(file: string): Promise<SkipRecord | undefined> {
  const bytes = await readRegularFile(file, { shown: file, maxBytes: MAX_RECORD_BYTES, noFollow: true }).catch(() => undefined);
  if (!bytes) return undefined;
  const data = JSON.parse(bytes.toString('utf8')) as Partial<SkipRecord>;
  const isStamp = (value: unknown) => value === null || typeof value === 'string';
  if (typeof data.key !== 'string' || !isStamp(data.chromium) || !Array.isArray(data.probes) || !Array.isArray(data.editions)) return undefined;
  if (!data.probes.every((probe) => Array.isArray(probe) && probe.length === 2 && typeof probe[0] === 'string' && isStamp(probe[1]))) return undefined;
  if (!data.editions.every((e) => typeof e?.name === 'string' && typeof e.outDir === 'string' && Array.isArray(e.outputs))) return undefined;
  return data as SkipRecord;
}
