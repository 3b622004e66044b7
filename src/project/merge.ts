import type { YamlMapping } from './yaml-file.ts';

/** Where an option was set: the file and line to name in an error about it. */
export interface Origin {
  file: string;
  line: number | undefined;
}

/** Options merged from several files, each key remembering the file that set it. */
export interface MergedOptions {
  data: Record<string, unknown>;
  /** The file and line that set this key path (or the nearest key above it); undefined when none did. */
  originOf(keyPath: readonly (string | number)[]): Origin | undefined;
}

const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `over` on top of `under`: mappings merge key by key (a `gongwen:` block in
 * _defaults.yaml and one in the front matter combine), anything else — text,
 * numbers, lists such as `editions` — is replaced whole. Keys are defined,
 * never assigned, so a `__proto__` key stays a key (and is refused as an
 * unknown field) instead of changing the object's prototype.
 */
export function mergeOptions(under: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const source of [under, over]) {
    for (const [key, value] of Object.entries(source)) {
      const merged = isMapping(value) && isMapping(out[key]) ? mergeOptions(out[key] as Record<string, unknown>, value) : value;
      Object.defineProperty(out, key, { value: merged, enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}

/** Merge layers in order, each overriding the ones before it (config, then _defaults.yaml from the outermost folder in). */
export function mergeLayers(layers: readonly Pick<YamlMapping, 'data' | 'shown' | 'lineOf'>[]): MergedOptions {
  let data: Record<string, unknown> = {};
  for (const layer of layers) data = mergeOptions(data, layer.data);
  // Follow the path down as mergeOptions built it: at each key the innermost
  // layer that has it decides, and the layers below it still count only while
  // all of them hold mappings there (anything else was replaced whole).
  const originOf = (keyPath: readonly (string | number)[]): Origin | undefined => {
    let contributors = layers.map((_, i) => i);
    let decided: number | undefined;
    for (let n = 1; n <= keyPath.length; n++) {
      const prefix = keyPath.slice(0, n);
      const having = contributors.filter((i) => hasPath(layers[i]!.data, prefix));
      if (!having.length) break;
      decided = having.at(-1)!;
      const run: number[] = [];
      for (let k = having.length - 1; k >= 0 && isMapping(valueAt(layers[having[k]!]!.data, prefix)); k--) run.unshift(having[k]!);
      if (!run.length) break;
      contributors = run;
    }
    return decided === undefined ? undefined : { file: layers[decided]!.shown, line: layers[decided]!.lineOf(keyPath) };
  };
  return { data, originOf };
}

function valueAt(data: unknown, keyPath: readonly (string | number)[]): unknown {
  let node = data;
  for (const key of keyPath) node = (node as Record<string | number, unknown>)[key];
  return node;
}

function hasPath(data: unknown, keyPath: readonly (string | number)[]): boolean {
  let node = data;
  for (const key of keyPath) {
    if (typeof node !== 'object' || node === null || !Object.prototype.hasOwnProperty.call(node, key)) return false;
    node = (node as Record<string | number, unknown>)[key];
  }
  return true;
}

/**
 * Where a document's option was set, for an error found after validation
 * (an unknown layout): the front matter line when it set it, else the
 * configuration file and line that did, else the front matter's first line.
 */
export function optionOrigin(key: string, metaLines: Readonly<Record<string, number>>, shownFile: string, defaults: MergedOptions): { file: string; line: number } {
  if (metaLines[key] !== undefined) return { file: shownFile, line: metaLines[key] };
  const origin = defaults.originOf([key]);
  return origin ? { file: origin.file, line: origin.line ?? 1 } : { file: shownFile, line: 1 };
}
