// Writes the HTML and assets that paiban hands Chromium for a document's PDF
// into a folder, so bench/floor.mjs can print exactly the same thing.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildDocument } from '../src/pipeline/edition.ts';
import { RendererPool } from '../src/render/pool.ts';

const [docDir, dumpDir] = process.argv.slice(2);
if (!docDir || !dumpDir) throw new Error('usage: dump-print-html.ts DOC_DIR DUMP_DIR');
const pool = new RendererPool();
try {
  await buildDocument(docDir, pool, {
    outRoot: path.join(os.tmpdir(), 'paiban-dump-out'),
    formats: new Set(['pdf']),
    timeoutMs: 120_000,
    progress: () => {},
    onPrintResources: async (resources) => {
      for (const [key, resource] of resources) {
        const file = path.join(dumpDir, ...key.split('/'));
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, resource.body);
      }
    },
  });
} finally {
  await pool.close();
}
