import { UserError } from './errors.ts';

/**
 * Resource limits for untrusted sources. Every limit has a default that a
 * government report or a whole book stays far below, and an environment
 * variable that raises (or lowers) it. See SECURITY.md.
 */
export interface Limits {
  /** Largest `index.md` read, in bytes (PAIBAN_MAX_SOURCE_SIZE, default 8 MiB). */
  maxSourceBytes: number;
  /** Largest front matter block, in bytes (PAIBAN_MAX_FRONT_MATTER_SIZE, default 64 KiB). */
  maxFrontMatterBytes: number;
  /** Deepest nesting of the document tree: lists, quotes, emphasis, raw HTML elements (PAIBAN_MAX_DEPTH, default 100). */
  maxDepth: number;
  /** Most nodes in the document tree (PAIBAN_MAX_NODES, default 500,000). */
  maxNodes: number;
  /** Time allowed to parse and check one source, in ms (PAIBAN_PARSE_TIMEOUT, seconds, default 30). */
  parseTimeoutMs: number;
  /** Heap of the isolated parser, in MiB (PAIBAN_PARSE_MEMORY, default 1024). */
  parseMemoryMb: number;
  /** Largest image file read, in bytes (PAIBAN_MAX_IMAGE_SIZE, default 64 MiB). */
  maxImageBytes: number;
  /** Most pixels an image may declare, width × height (PAIBAN_MAX_IMAGE_PIXELS, default 64,000,000). */
  maxImagePixels: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = {
  maxSourceBytes: 8 * 1024 * 1024,
  maxFrontMatterBytes: 64 * 1024,
  maxDepth: 100,
  maxNodes: 500_000,
  parseTimeoutMs: 30_000,
  parseMemoryMb: 1024,
  maxImageBytes: 64 * 1024 * 1024,
  // 8000 × 8000: an A3 page at 600 dpi is 7016 × 9921 ≈ 70 M; a photo for print is far less.
  // Chromium needs 4 bytes per pixel to decode one (256 MB at the limit).
  maxImagePixels: 64_000_000,
};

/** The environment variable behind each limit, for messages and docs. */
export const LIMIT_VARIABLES: Readonly<Record<keyof Limits, string>> = {
  maxSourceBytes: 'PAIBAN_MAX_SOURCE_SIZE',
  maxFrontMatterBytes: 'PAIBAN_MAX_FRONT_MATTER_SIZE',
  maxDepth: 'PAIBAN_MAX_DEPTH',
  maxNodes: 'PAIBAN_MAX_NODES',
  parseTimeoutMs: 'PAIBAN_PARSE_TIMEOUT',
  parseMemoryMb: 'PAIBAN_PARSE_MEMORY',
  maxImageBytes: 'PAIBAN_MAX_IMAGE_SIZE',
  maxImagePixels: 'PAIBAN_MAX_IMAGE_PIXELS',
};

/** `8M`, `64K`, `1048576`, `1.5M` → bytes. */
function parseSize(name: string, value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kKmMgG]i?[bB]?|[bB])?\s*$/.exec(value);
  if (!m) throw new UserError(`${name}=${value} is not a size (e.g. 8M, 64K, 1048576)`);
  const unit = (m[2] ?? '').charAt(0).toUpperCase();
  const factor = unit === 'K' ? 1024 : unit === 'M' ? 1024 ** 2 : unit === 'G' ? 1024 ** 3 : 1;
  const bytes = Math.floor(Number(m[1]) * factor);
  if (bytes <= 0) throw new UserError(`${name}=${value} must be more than 0`);
  return bytes;
}

function parsePositive(name: string, value: string, integer: boolean): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UserError(`${name}=${value} must be a positive ${integer ? 'whole ' : ''}number`);
  }
  return n;
}

/** The limits in force: defaults, overridden by the environment. */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): Limits {
  const limits: Limits = { ...DEFAULT_LIMITS };
  const get = (key: keyof Limits): string | undefined => {
    const value = env[LIMIT_VARIABLES[key]];
    return value === undefined || value === '' ? undefined : value;
  };
  let v: string | undefined;
  if ((v = get('maxSourceBytes'))) limits.maxSourceBytes = parseSize(LIMIT_VARIABLES.maxSourceBytes, v);
  if ((v = get('maxFrontMatterBytes'))) limits.maxFrontMatterBytes = parseSize(LIMIT_VARIABLES.maxFrontMatterBytes, v);
  if ((v = get('maxDepth'))) limits.maxDepth = parsePositive(LIMIT_VARIABLES.maxDepth, v, true);
  if ((v = get('maxNodes'))) limits.maxNodes = parsePositive(LIMIT_VARIABLES.maxNodes, v, true);
  if ((v = get('parseTimeoutMs'))) limits.parseTimeoutMs = parsePositive(LIMIT_VARIABLES.parseTimeoutMs, v, false) * 1000;
  if ((v = get('parseMemoryMb'))) limits.parseMemoryMb = Math.max(16, parsePositive(LIMIT_VARIABLES.parseMemoryMb, v, true));
  if ((v = get('maxImageBytes'))) limits.maxImageBytes = parseSize(LIMIT_VARIABLES.maxImageBytes, v);
  if ((v = get('maxImagePixels'))) limits.maxImagePixels = parsePositive(LIMIT_VARIABLES.maxImagePixels, v, true);
  return limits;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${+(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
