import { createHash } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { buildDocument, type Format } from '../build/document.ts';
import { UserError } from '../errors.ts';
import { parseCommandArgs } from './args.ts';
import type { InputRecord } from '../output/inputs.ts';
import type { Manifest } from '../output/write.ts';
import { readManifestFile } from '../output/read-manifest.ts';
import { makeTempDir } from '../files/temp.ts';
import { RendererPool } from '../render/pool.ts';
import { printable } from '../terminal.ts';

const FORMATS: readonly Format[] = ['html', 'pdf', 'print', 'epub'];

export async function runVerify(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('verify', args, { json: { type: 'boolean' } });
  if (!parsed.positionals.length) throw new UserError('name at least one manifest.json (see paiban verify --help)');
  const pool = new RendererPool();
  let differ = 0;
  const reports: unknown[] = [];
  try {
    for (const file of parsed.positionals) {
      const report = await verifyManifest(file, pool);
      reports.push(report);
      const mismatched = report.outputs.filter((o) => o.status !== 'identical');
      differ += mismatched.length;
      if (!parsed.values.json) {
        // Every string here may come from the manifest: printed with control characters escaped.
        const at = printable(file);
        for (const output of report.outputs) process.stdout.write(`${at}: ${printable(output.path)}: ${output.status}\n`);
        for (const input of report.inputs) process.stdout.write(`${at}: input ${printable(input.path)} (${printable(input.role)}): ${input.status}\n`);
        for (const version of report.versions) process.stdout.write(`${at}: ${printable(version)}\n`);
        process.stdout.write(`${at}: ${mismatched.length ? `${mismatched.length} of ${report.outputs.length} outputs differ` : `all ${report.outputs.length} outputs identical`}\n`);
      }
    }
  } finally {
    await pool.close();
  }
  if (parsed.values.json) process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
  return differ ? 1 : 0;
}

interface VerifyReport {
  manifest: string;
  outputs: { path: string; status: 'identical' | 'different' | 'missing' | 'extra' }[];
  inputs: { role: string; path: string; status: 'changed' | 'added' | 'removed' }[];
  versions: string[];
}

async function verifyManifest(file: string, pool: RendererPool): Promise<VerifyReport> {
  const shown = printable(file);
  const recorded = await readManifestFile(file, shown);
  if (!recorded.source || !recorded.editionInfo || !recorded.options || !recorded.inputs || !recorded.generator || !recorded.versions) {
    throw new UserError('this manifest does not record its source, edition and inputs (made by an older paiban?)', { file: shown });
  }
  const source = await sourceInProject(recorded.source, shown);
  const unknown = recorded.options.formats.find((f) => !FORMATS.includes(f as Format));
  if (unknown !== undefined) throw new UserError(`records an unknown format "${printable(unknown)}"`, { file: shown });
  // Removed on Ctrl-C or kill; one left by a SIGKILLed verify goes at the next verify.
  const temp = await makeTempDir('paiban-verify-');
  const work = temp.dir;
  try {
    const [result] = await buildDocument(source, pool, {
      outRoot: work,
      formats: new Set(recorded.options.formats as Format[]),
      impose: recorded.options.impose === 'saddle' ? 'saddle' : undefined,
      pdfx: recorded.options.pdfx,
      edition: recorded.editionInfo.id,
      force: true,
      timeoutMs: 120_000,
      progress: () => {},
    });
    const rebuilt = JSON.parse(await readFile(path.join(result!.outDir, 'manifest.json'), 'utf8')) as Manifest;
    const newHashes = new Map(rebuilt.outputs.map((o) => [o.path, o.sha256]));
    const outputs: VerifyReport['outputs'] = recorded.outputs.map((o) => ({
      path: o.path,
      status: !newHashes.has(o.path) ? 'missing' : newHashes.get(o.path) === o.sha256 ? 'identical' : 'different',
    }));
    // The manifest itself is an output too: compare its bytes.
    const manifestSame = sha(await readFile(file)) === sha(await readFile(path.join(result!.outDir, 'manifest.json')));
    outputs.push({ path: 'manifest.json', status: manifestSame ? 'identical' : 'different' });
    for (const o of rebuilt.outputs) if (!recorded.outputs.some((r) => r.path === o.path)) outputs.push({ path: o.path, status: 'extra' });
    return { manifest: file, outputs, inputs: compareInputs(recorded.inputs, rebuilt.inputs), versions: compareVersions(recorded, rebuilt) };
  } finally {
    await temp.dispose();
  }
}

/**
 * The document folder a manifest names, which must be a folder of this
 * project (below the working directory): a manifest from elsewhere cannot
 * make verify build, and so read, any folder of the machine.
 */
async function sourceInProject(source: string, shown: string): Promise<string> {
  const refuse = () => new UserError(`records source "${printable(source)}", which is not a document folder inside this project (run verify from the project's folder)`, { file: shown });
  if (/[\u0000-\u001f\u007f]/.test(source) || path.isAbsolute(source) || source.split(/[\\/]/).includes('..')) throw refuse();
  const project = await realpath(process.cwd());
  const real = await realpath(path.resolve(project, source)).catch(() => undefined);
  if (!real) throw new UserError(`records source "${printable(source)}", which does not exist here`, { file: shown });
  const rel = path.relative(project, real);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) throw refuse();
  // As recorded, not resolved: the rebuilt manifest must name the source the same way.
  return path.resolve(source);
}

function compareInputs(before: InputRecord[], after: InputRecord[]): VerifyReport['inputs'] {
  const key = (i: InputRecord) => `${i.role}:${i.path}`;
  const old = new Map(before.map((i) => [key(i), i]));
  const now = new Map(after.map((i) => [key(i), i]));
  const report: VerifyReport['inputs'] = [];
  for (const [k, i] of old) {
    const current = now.get(k);
    if (!current) report.push({ role: i.role, path: i.path, status: 'removed' });
    else if (current.sha256 !== i.sha256) report.push({ role: i.role, path: i.path, status: 'changed' });
  }
  for (const [k, i] of now) if (!old.has(k)) report.push({ role: i.role, path: i.path, status: 'added' });
  return report;
}

function compareVersions(before: Manifest, after: Manifest): string[] {
  const notes: string[] = [];
  if (before.generator.version !== after.generator.version) notes.push(`paiban ${before.generator.version} → ${after.generator.version}`);
  if (before.versions.node !== after.versions.node) notes.push(`Node ${before.versions.node} → ${after.versions.node}`);
  if (before.browser !== after.browser) notes.push(`browser ${before.browser} → ${after.browser}`);
  return notes;
}

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
