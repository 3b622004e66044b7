// The critical path after a booklet's body print, without Chromium's noise:
// the document goes through the stages up to the fonts once, Chromium prints
// its passes once (recorded), then the print and finish stages run RUNS times
// in this process against a stand-in renderer that hands the recorded PDFs
// back, each pass after PRINT_MS of waiting (Chromium printing: this thread
// is free meanwhile). Reports, per run, the time from the end of pass 1's
// print to the finished outputs, and the medians; the outputs' hashes show
// nothing changed between runs.
//   node --import tsx bench/after-print.ts DOC_DIR [RUNS] [PRINT_MS]
import { createHash } from 'node:crypto';
import path from 'node:path';
import { finishOutputs } from '../src/pipeline/finish-stage.ts';
import { subsetEditionFonts } from '../src/pipeline/fonts-stage.ts';
import { renderLayouts } from '../src/pipeline/html-stage.ts';
import type { BuildOptions } from '../src/pipeline/options.ts';
import { planEdition } from '../src/pipeline/plan-stage.ts';
import { printEdition } from '../src/pipeline/print-stage.ts';
import { checkSource, readSource, selectEditions } from '../src/pipeline/source-stage.ts';
import { transformTree } from '../src/pipeline/tree-stage.ts';
import { Renderer } from '../src/render/browser.ts';

const [docDir, runsArg, printMsArg] = process.argv.slice(2);
if (!docDir) throw new Error('usage: after-print.ts DOC_DIR [RUNS] [PRINT_MS]');
const runs = Number(runsArg ?? 7);
const printMs = Number(printMsArg ?? 270);

const options: BuildOptions = { outRoot: '/tmp/paiban-after-print', formats: new Set(['pdf', 'print']), timeoutMs: 600_000, progress: () => undefined, force: true, warn: () => undefined };
const parsed = await checkSource(await readSource(path.resolve(docDir), () => undefined));
const edition = selectEditions(parsed, options)[0]!;
const plan = await planEdition(parsed, edition, options);
const tree = await transformTree(parsed, plan, () => undefined, () => undefined);
const layouts = await renderLayouts(plan, tree, parsed.images, parsed.project);
const fonts = await subsetEditionFonts(plan, layouts, parsed.source.markdown, parsed.shownFile);
const context = { parsed, plan, tree, layouts, fonts, options, whilePrinting: () => undefined, warn: () => undefined };

// The passes as Chromium prints them, once.
const recorded: Buffer[] = [];
const real = await Renderer.launch();
try {
  const recording = new Proxy(real, {
    get(target, key) {
      if (key !== 'printVersions') return Reflect.get(target, key);
      return (first: never, opts: never, work: (print: (...args: unknown[]) => Promise<{ pdf: Buffer }>) => Promise<unknown>) =>
        target.printVersions(first, opts, (print) => work(async (...args: unknown[]) => {
          const result = await (print as (...a: unknown[]) => Promise<{ pdf: Buffer; fonts: unknown }>)(...args);
          recorded.push(result.pdf);
          return result;
        }));
    },
  });
  await printEdition(recording, context);
} finally {
  await real.close();
}
process.stderr.write(`recorded ${recorded.length} passes\n`);

/** Hands the recorded passes back in order; `marks` gets the time each print ended. */
function standIn(marks: number[]): Renderer {
  let pass = 0;
  const print = async () => {
    await new Promise((resolve) => setTimeout(resolve, printMs));
    marks.push(performance.now());
    return { pdf: recorded[pass++]!, fonts: undefined };
  };
  return {
    version: 'HeadlessChrome/replay',
    printVersions: (_first: unknown, _opts: unknown, work: (p: typeof print) => Promise<unknown>) => work(print),
    printWithFonts: print,
  } as unknown as Renderer;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const afterPass1: number[] = [];
const afterLast: number[] = [];
const cpu: number[] = [];
let digest = '';
for (let run = 0; run < runs; run++) {
  const marks: number[] = [];
  const cpuStart = process.cpuUsage();
  const printed = await printEdition(standIn(marks), context);
  const files = await finishOutputs(printed, { name: parsed.source.name, edition, formats: plan.formats, tree, layouts, options, warn: () => undefined });
  const end = performance.now();
  const used = process.cpuUsage(cpuStart);
  const hash = createHash('sha256');
  for (const file of files) hash.update(file.path).update(file.bytes);
  const d = hash.digest('hex').slice(0, 16);
  if (digest && d !== digest) throw new Error(`run ${run + 1}: outputs differ from run 1`);
  digest = d;
  afterPass1.push(end - marks[0]!);
  afterLast.push(end - marks.at(-1)!);
  cpu.push((used.user + used.system) / 1000);
  process.stderr.write(`run ${run + 1}: ${(end - marks[0]!).toFixed(0)} ms after pass 1, ${(end - marks.at(-1)!).toFixed(0)} ms after the last pass, ${cpu.at(-1)!.toFixed(0)} ms CPU\n`);
}
console.log(`${path.basename(docDir)}: ${recorded.length} passes, outputs ${digest}; medians of ${runs}: ${median(afterPass1).toFixed(0)} ms after pass 1 (${printMs} ms of it each later print), ${median(afterLast).toFixed(0)} ms after the last pass, ${median(cpu).toFixed(0)} ms CPU`);
