import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.ts';
import { readRegularFile } from '../files/read.ts';
import { printable } from '../terminal.ts';
import { displayPath } from '../paths.ts';
import { setAsideFolder } from './interrupted.ts';
import type { Manifest } from './write.ts';

/** A manifest lists hashes and paths; 16 MiB is thousands of times a real one. */
const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

/** A path a manifest may name: relative, `/`-separated, no `..`, no control characters. */
const RelativePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !/[\u0000-\u001f\u007f\\]/.test(p) && !p.startsWith('/') && !p.split('/').some((part) => part === '..' || part === '.' || part === ''), {
    message: 'must be a path inside the manifest’s folder (relative, no "..")',
  });

const Hex = z.string().regex(/^[0-9a-f]{64}$/, { message: 'must be a SHA-256 in hex' });

/** The fields diff and verify use, typed: a wrong type is a one-line error, not "x.map is not a function". */
const ManifestSchema = z.looseObject({
  outputs: z.array(z.looseObject({ role: z.string(), path: RelativePath, sha256: Hex, bytes: z.number().int().min(0) })),
  source: z.string().optional(),
  editionInfo: z.looseObject({ id: z.string().min(1).max(200) }).optional(),
  options: z.looseObject({ formats: z.array(z.string()), impose: z.string().nullable(), pdfx: z.boolean() }).optional(),
  inputs: z.array(z.looseObject({ role: z.string(), path: z.string(), sha256: z.string() })).optional(),
  generator: z.looseObject({ version: z.string() }).optional(),
  versions: z.looseObject({ node: z.string() }).optional(),
  browser: z.string().nullable().optional(),
});

/**
 * Read and check a manifest given on the command line. Its paths are data
 * from a file that may come from anywhere: only the shape is trusted here,
 * and `manifestMember` keeps what they name inside the manifest's folder.
 */
export async function readManifestFile(file: string, shown: string): Promise<Manifest> {
  const interrupted = !existsSync(file) && setAsideFolder(file);
  if (interrupted) {
    throw new UserError(
      `does not exist: a build was killed while publishing ${displayPath(interrupted.target)}, whose previous outputs wait whole in ${displayPath(interrupted.aside)}; build the document again (the build puts them back first)`,
      { file: shown },
    );
  }
  const bytes = await readRegularFile(file, { shown, maxBytes: MAX_MANIFEST_BYTES });
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new UserError('not a paiban manifest (invalid JSON)', { file: shown });
  }
  const parsed = ManifestSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '');
    throw new UserError(`not a paiban manifest: ${printable(where || 'the file')} ${printable(issue.message)}`, { file: shown });
  }
  return parsed.data as unknown as Manifest;
}

/**
 * The file a manifest's relative path names, resolved through links and
 * required to stay inside the manifest's folder: `../../etc/shadow` or a
 * link to `/dev/zero` in a manifest is refused, never read.
 */
export async function manifestMember(manifestFile: string, relative: string, shown: string): Promise<string> {
  const dir = await realpath(path.dirname(manifestFile));
  const real = await realpath(path.join(dir, ...relative.split('/'))).catch(() => undefined);
  if (!real) throw new UserError(`lists "${printable(relative)}", which does not exist beside it`, { file: shown });
  const rel = path.relative(dir, real);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) throw new UserError(`lists "${printable(relative)}", which lies outside the manifest’s folder`, { file: shown });
  return real;
}
