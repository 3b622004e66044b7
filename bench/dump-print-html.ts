// Writes the HTML and assets that paiban hands Chromium for a document's PDF
// into a folder, so bench/floor.mjs can print exactly the same thing.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildDocument } from '../src/pipeline/edition.ts';
import { RendererPool } from '../src/render/pool.ts';

// With --passes, each print is also kept in DUMP_DIR-pass<N> (what pass 1 and pass 2 of a book print).
const [docDir, dumpDir, flag] = process.argv.slice(2);
if (!docDir || !dumpDir) throw new Error('usage: dump-print-html.ts DOC_DIR DUMP_DIR [--passes]');
let pass = 0;
const pool = new RendererPool();
try {
  await buildDocument(docDir, pool, {
    outRoot: path.join(os.tmpdir(), 'paiban-dump-out'),
    formats: new Set(['pdf']),
    // An earlier dump's build would make this one a no-op: nothing would be dumped.
    force: true,
    timeoutMs: 600_000,
    progress: () => {},
    onPrintResources: async (resources) => {
      pass++;
      for (const dir of flag === '--passes' ? [dumpDir, `${dumpDir}-pass${pass}`] : [dumpDir]) {
        for (const [key, resource] of resources) {
          const file = path.join(dir, ...key.split('/'));
          await mkdir(path.dirname(file), { recursive: true });
          await writeFile(file, resource.body);
        }
      }
    },
  });
} finally {
  await pool.close();
}
