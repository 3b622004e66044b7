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
  const originOf = (keyPath: readonly (string | number)[]): Origin | undefined => {
    // The innermost layer that has the longest prefix of the path set it.
    for (let n = keyPath.length; n > 0; n--) {
      for (let i = layers.length - 1; i >= 0; i--) {
        if (hasPath(layers[i]!.data, keyPath.slice(0, n))) return { file: layers[i]!.shown, line: layers[i]!.lineOf(keyPath.slice(0, n)) };
      }
    }
    return undefined;
  };
  return { data, originOf };
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
