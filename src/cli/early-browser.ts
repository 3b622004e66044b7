import path from 'node:path';
import { parseArgs } from 'node:util';
import { discoverDocuments } from '../batch/documents.ts';
import { hasEarlierBuild, surelyPrints } from '../pipeline/formats.ts';

/**
 * Whether `paiban build ARGS` will almost surely print: a PDF format is asked
 * for (the default) and a document has no earlier build to be skipped
 * against, or --force. Then Chromium can start launching (~0.6 s) before
 * the build command has even loaded, instead of after the first parse. A
 * guess only: bad arguments or a broken source just cost a launch, and the
 * real checks run as always.
 */
export async function buildWillPrint(args: string[]): Promise<boolean> {
  return (await buildOutlook(args)).prints;
}

/** Documents whose sources are parsed ahead, at most (a batch's first ones: those the first jobs build). */
const PARSED_AHEAD = 2;

/**
 * What `paiban build ARGS` will almost surely do: `runs`, build a document
 * (one has no earlier build, or --force), so the Markdown parser's thread
 * may start early; `prints`, as buildWillPrint says. Neither: every document
 * may be skipped, and starting either would only cost time. `parseAhead`:
 * the first documents that will surely be built (no earlier build, or
 * --force; none with --shard, which picks its own), whose sources can go
 * to the parser thread before the build command has loaded.
 */
export async function buildOutlook(args: string[]): Promise<{ runs: boolean; prints: boolean; parseAhead: string[] }> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: false,
      options: { format: { type: 'string' }, impose: { type: 'string' }, force: { type: 'boolean' }, out: { type: 'string' }, shard: { type: 'string' }, jobs: { type: 'string' } },
    });
  } catch {
    return { runs: false, prints: false, parseAhead: [] };
  }
  const { values, positionals } = parsed;
  const formats = new Set(typeof values.format === 'string' ? values.format.split(',').map((f) => f.trim()) : ['pdf', 'print']);
  const impose = typeof values.impose === 'string' ? values.impose : undefined;
  const outRoot = typeof values.out === 'string' ? values.out : 'output';
  // No source/ folder or none in it: the build says so; no launch for that.
  const docs = positionals.length ? positionals : await discoverDocuments('source').catch(() => []);
  const force = values.force === true;
  const names = docs.map((doc) => path.basename(path.resolve(doc)));
  const jobs = Number(values.jobs);
  const first = Number.isInteger(jobs) && jobs >= 1 ? Math.min(jobs, PARSED_AHEAD) : PARSED_AHEAD;
  return {
    runs: force || names.some((name) => !hasEarlierBuild(outRoot, name)),
    prints: names.some((name) => surelyPrints(formats, { impose, force, outRoot, name })),
    parseAhead: values.shard === undefined ? docs.slice(0, first).filter((_, i) => force || !hasEarlierBuild(outRoot, names[i]!)) : [],
  };
}
