// Every example of the CommonMark spec (the commonmark-spec package) built as
// a document through the whole pipeline, as `paiban build` runs it: many
// documents per process, one Chromium per process. Then every HTML output
// through the Nu Html Checker (vnu-jar, system Java) and every PDF through
// `qpdf --check`.
//
//   npm run fuzz:commonmark [-- --jobs 2 --batch 60 --limit 652 --keep DIR]
//
// Outcomes per example: built; refused with one clean line (e.g. an image
// that is not a file of the document's folder: `![foo](/url)`); or a crash —
// an internal error, a stack trace, a missing verdict, an exit code other
// than 0 or 1. Exit code 1 if there is any crash, invalid HTML page or
// unreadable PDF.
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const spec = require('commonmark-spec') as { tests: { markdown: string; section: string; number: number }[] };
const vnuJar = require('vnu-jar') as string;
const run = promisify(execFile);

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: String(Math.max(1, Math.min(2, os.cpus().length))) },
    batch: { type: 'string', default: '60' },
    limit: { type: 'string' },
    keep: { type: 'string' },
  },
});
const jobs = Number(values.jobs);
const batchSize = Number(values.batch);
const examples = spec.tests.slice(0, values.limit ? Number(values.limit) : undefined);

const work = values.keep ? path.resolve(values.keep) : mkdtempSync(path.join(os.tmpdir(), 'paiban-commonmark-'));
const src = path.join(work, 'src');
const out = path.join(work, 'out');
mkdirSync(src, { recursive: true });

const name = (n: number) => `ex-${String(n).padStart(3, '0')}`;
for (const example of examples) {
  const dir = path.join(src, name(example.number));
  mkdirSync(dir, { recursive: true });
  // The spec writes tabs as →.
  const markdown = example.markdown.replace(/→/g, '\t');
  writeFileSync(
    path.join(dir, 'index.md'),
    `---\ntitle: CommonMark 示例 ${example.number}\nauthor: CommonMark\ndate: 2024-01-28\n---\n\n${markdown}`,
  );
}

type Verdict = { kind: 'built' } | { kind: 'refused'; line: string } | { kind: 'crash'; why: string };
const verdicts = new Map<number, Verdict>();

interface BatchResult {
  numbers: number[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function buildBatch(numbers: number[], index: number): Promise<BatchResult> {
  const tmp = path.join(work, `tmp-${index}`);
  mkdirSync(tmp, { recursive: true });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'bin', 'paiban.js'), 'build', ...numbers.map((n) => path.join(src, name(n))), '--out', out], {
      cwd: work,
      env: { ...process.env, TMPDIR: tmp, PAIBAN_DEBUG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('close', (code, signal) => resolve({ numbers, code, signal, stdout, stderr }));
  });
}

function judge(result: BatchResult): void {
  const processCrash = result.signal || (result.code !== 0 && result.code !== 1) ? `process ended with ${result.signal ?? `exit ${result.code}`}` : undefined;
  const errorLines = result.stderr.split('\n').filter((line) => line && !line.startsWith('paiban: warning: '));
  for (const n of result.numbers) {
    const id = name(n);
    const wrote = result.stdout.split('\n').some((line) => line.includes(`] ${id}: wrote `));
    const errors = errorLines.filter((line) => line.includes(`${path.sep}${id}${path.sep}index.md`) || line.includes(`src/${id}/index.md`));
    if (processCrash) verdicts.set(n, { kind: 'crash', why: processCrash });
    else if (wrote && !errors.length) verdicts.set(n, { kind: 'built' });
    else if (!wrote && errors.length === 1 && !/internal error/.test(errors[0]!)) verdicts.set(n, { kind: 'refused', line: errors[0]! });
    else verdicts.set(n, { kind: 'crash', why: errors.join(' | ') || 'no verdict' });
  }
  const stray = errorLines.filter((line) => !/ex-\d{3}/.test(line));
  if (stray.length) console.error(`stray stderr: ${stray.join('\n')}`);
  if (/^\s+at /m.test(result.stderr)) console.error('a stack trace on stderr');
}

const started = performance.now();
const batches: number[][] = [];
for (let i = 0; i < examples.length; i += batchSize) batches.push(examples.slice(i, i + batchSize).map((e) => e.number));
let next = 0;
await Promise.all(
  Array.from({ length: jobs }, async () => {
    while (next < batches.length) {
      const index = next++;
      judge(await buildBatch(batches[index]!, index));
      process.stderr.write(`\rbuilt ${verdicts.size}/${examples.length}`);
    }
  }),
);
process.stderr.write('\n');
const buildSeconds = (performance.now() - started) / 1000;

// Nu Html Checker: one JVM for all pages.
const htmlFiles = readdirSync(out)
  .filter((d) => /^ex-\d{3}$/.test(d))
  .map((d) => path.join(out, d, 'index.html'))
  .filter((f) => existsSync(f));
const vnuStarted = performance.now();
const invalid = new Map<string, string[]>();
for (let i = 0; i < htmlFiles.length; i += 200) {
  const chunk = htmlFiles.slice(i, i + 200);
  const result = await run('java', ['-jar', vnuJar, '--errors-only', '--format', 'json', ...chunk], { maxBuffer: 256 * 1024 * 1024 }).catch(
    (error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
  );
  // vnu writes its JSON report to stderr.
  const report = JSON.parse(result.stderr || result.stdout || '{"messages":[]}') as { messages: { url: string; type: string; message: string }[] };
  for (const message of report.messages.filter((m) => m.type === 'error')) {
    const file = fileURLToPath(message.url);
    invalid.set(file, [...(invalid.get(file) ?? []), message.message]);
  }
}
const vnuSeconds = (performance.now() - vnuStarted) / 1000;

// qpdf --check on every PDF.
const pdfFiles = readdirSync(out)
  .filter((d) => /^ex-\d{3}$/.test(d))
  .flatMap((d) => readdirSync(path.join(out, d)).filter((f) => f.endsWith('.pdf')).map((f) => path.join(out, d, f)));
const qpdfStarted = performance.now();
const unreadable: string[] = [];
const qpdfWarnings: string[] = [];
let cursor = 0;
await Promise.all(
  Array.from({ length: jobs * 2 }, async () => {
    while (cursor < pdfFiles.length) {
      const file = pdfFiles[cursor++]!;
      try {
        await run('qpdf', ['--check', file]);
      } catch (error) {
        // qpdf exits 3 for warnings only (still readable), 2 for errors.
        if ((error as { code?: number }).code === 3) qpdfWarnings.push(file);
        else unreadable.push(file);
      }
    }
  }),
);
const qpdfSeconds = (performance.now() - qpdfStarted) / 1000;

const count = (kind: Verdict['kind']) => [...verdicts.values()].filter((v) => v.kind === kind).length;
const crashes = [...verdicts].filter(([, v]) => v.kind === 'crash');
const refusals = new Map<string, number>();
for (const v of verdicts.values()) {
  if (v.kind !== 'refused') continue;
  const reason = v.line.replace(/^paiban: \S+?: /, '').replace(/"[^"]*"/g, '"…"').replace(/\(looked for .*\)/, '').trim();
  refusals.set(reason, (refusals.get(reason) ?? 0) + 1);
}

console.log(`CommonMark spec examples: ${examples.length} (commonmark-spec ${require('commonmark-spec/package.json').version})`);
console.log(`  built:    ${count('built')}`);
console.log(`  refused:  ${count('refused')} (one clean line each)`);
for (const [reason, n] of [...refusals].sort((a, b) => b[1] - a[1])) console.log(`    ${n} × ${reason}`);
console.log(`  crashes:  ${crashes.length}`);
for (const [n, v] of crashes) console.log(`    example ${n}: ${(v as { why: string }).why.slice(0, 300)}`);
const headingSkipsOnly = [...invalid.values()].filter((messages) => messages.every((m) => /skipping \d+ heading levels?/.test(m))).length;
console.log(`HTML pages checked with the Nu Html Checker: ${htmlFiles.length}, invalid: ${invalid.size} (of which only heading levels skipped by the source: ${headingSkipsOnly})`);
for (const [file, messages] of [...invalid].slice(0, 40)) console.log(`    ${path.relative(out, file)}: ${messages.slice(0, 3).join(' | ')}`);
console.log(`PDFs checked with qpdf --check: ${pdfFiles.length}, unreadable: ${unreadable.length}, with warnings: ${qpdfWarnings.length}`);
for (const file of unreadable.slice(0, 20)) console.log(`    ${path.relative(out, file)}`);
console.log(`time: build ${buildSeconds.toFixed(1)} s (${jobs} processes, ${batchSize} documents each), vnu ${vnuSeconds.toFixed(1)} s, qpdf ${qpdfSeconds.toFixed(1)} s; ${os.cpus().length} cores`);

if (!values.keep) rmSync(work, { recursive: true, force: true });
else console.log(`outputs kept in ${work}`);
process.exitCode = crashes.length || invalid.size || unreadable.length ? 1 : 0;
