// One in-process build of a document with all formats, timing each stage by
// the timestamps of buildDocument's progress reports; prints JSON.
import os from 'node:os';
import path from 'node:path';
import { buildDocument, FORMATS } from '../src/build/document.ts';
import { RendererPool } from '../src/render/pool.ts';

const [docDir] = process.argv.slice(2);
if (!docDir) throw new Error('usage: stages.ts DOC_DIR');
const pool = new RendererPool();
await pool.get(); // launch excluded: it is measured by the floor
const marks: [string, number][] = [];
const start = performance.now();
let end = start;
try {
  await buildDocument(docDir, pool, {
    outRoot: path.join(os.tmpdir(), `paiban-stages-${process.pid}`),
    formats: new Set(FORMATS),
    timeoutMs: 300_000,
    progress: (step) => marks.push([step, performance.now()]),
  });
  end = performance.now(); // Closing Chromium is not a stage of the build.
} finally {
  await pool.close();
}
const stages: Record<string, number> = { load: (marks[0]?.[1] ?? end) - start };
marks.forEach(([step, at], i) => {
  const key = step.replace(/^render pdf: /, '');
  stages[key] = (stages[key] ?? 0) + ((marks[i + 1]?.[1] ?? end) - at);
});
process.stdout.write(JSON.stringify(stages));
