import { LineCounter, parseDocument, visit, isNode } from 'yaml';
import { UserError } from '../errors.ts';
import { readRegularFile } from '../files/read.ts';
import { displayPath } from '../paths.ts';
import { ALLOW_FOREIGN_FILES, resolveSourceFile } from '../source/bounded.ts';

/** A configuration file names a few options: 1 MiB is far more than one needs. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** A YAML mapping read from a configuration file, with the line of any key path in it. */
export interface YamlMapping {
  /** Absolute path of the file. */
  file: string;
  /** How the file is named in messages. */
  shown: string;
  bytes: Buffer;
  data: Record<string, unknown>;
  /** The line of a key path (e.g. ['gongwen', 'issuer']), or of the nearest key above it; undefined when absent. */
  lineOf(keyPath: readonly (string | number)[]): number | undefined;
}

/**
 * Read a configuration file (paiban.config.yaml, _defaults.yaml): bounded,
 * non-blocking, regular files only, YAML's core schema (no tags, no code),
 * few aliases (a "billion laughs" file is an error, not gigabytes), and no
 * control characters in text. Undefined when there is no such file.
 */
export async function readYamlMapping(file: string, options: { documentFolder?: string } = {}): Promise<YamlMapping | undefined> {
  const shown = displayPath(file);
  let bytes: Buffer;
  try {
    bytes = options.documentFolder === undefined ? await readRegularFile(file, { shown, maxBytes: MAX_CONFIG_BYTES }) : await readDocumentFile(options.documentFolder, file, shown);
  } catch (error) {
    if (error instanceof UserError && error.message === 'no such file') return undefined;
    throw error;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserError('is not valid UTF-8', { file: shown });
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, schema: 'core', customTags: [], strict: true, uniqueKeys: true, prettyErrors: false });
  const line = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) throw new UserError(`invalid YAML: ${problem.message.split('\n')[0]}`, { file: shown, line: line(problem.pos[0]) });
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(node.value)) {
        throw new UserError('text contains a control character; remove the escape', { file: shown, line: line(node.range?.[0]) });
      }
    },
  });
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 }) ?? {};
  } catch (error) {
    throw new UserError(`invalid YAML: ${(error as Error).message}`, { file: shown, line: 1 });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new UserError('must be a YAML mapping (key: value lines)', { file: shown, line: 1 });
  const lineOf = (keyPath: readonly (string | number)[]): number | undefined => {
    // The key's own line (a mapping value starts on the next line); else the nearest enclosing key.
    for (let n = keyPath.length; n > 0; n--) {
      const parent = n > 1 ? doc.getIn(keyPath.slice(0, n - 1), true) : doc.contents;
      const pair = isNode(parent) && 'items' in parent ? (parent.items as { key: unknown }[]).find((item) => isNode(item.key) && String((item.key as { value?: unknown }).value) === String(keyPath[n - 1])) : undefined;
      const at = pair && isNode(pair.key) ? line(pair.key.range?.[0]) : undefined;
      if (at !== undefined) return at;
      const node = doc.getIn(keyPath.slice(0, n), true);
      if (isNode(node) && node.range) return line(node.range[0]);
    }
    return undefined;
  };
  return { file, shown, bytes, data: data as Record<string, unknown>, lineOf };
}

/**
 * A file in a document folder is as untrusted as its index.md: no link out
 * of the folder (`_defaults.yaml -> ~/.ssh/…` would put a secret's text in
 * the outputs), no hard link to another owner's file.
 */
async function readDocumentFile(dir: string, file: string, shown: string): Promise<Buffer> {
  const real = await resolveSourceFile(dir, file);
  if (!real) throw new UserError('no such file', { file: shown });
  return readRegularFile(real, { shown, maxBytes: MAX_CONFIG_BYTES, noFollow: true, ownFileOnly: { allowVariable: ALLOW_FOREIGN_FILES } });
}
