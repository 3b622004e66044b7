import type { Plugin } from 'esbuild';
import { repoRoot } from './cli.ts';

/**
 * A script that imports src/ modules (TypeScript), compiled to one plain
 * ES module for a child process to run as `node --input-type=module -e
 * SCRIPT` (run from the repository root, so that packages resolve): the
 * child needs no TypeScript loader, which cost ~1.5 CPU-s per process
 * under tsx. Compiled as `npm test` compiles the test files
 * (scripts/build-tests.mjs), each module with its own import.meta.
 */
export async function compileScript(code: string): Promise<string> {
  const esbuild = await import('esbuild');
  // A URL, not a literal path: the test bundles leave it out and import it from scripts/ at run time.
  const { ownImportMeta } = (await import(new URL('../../scripts/build-tests.mjs', import.meta.url).href)) as { ownImportMeta: Plugin };
  try {
    const result = await esbuild.build({
      stdin: { contents: code, loader: 'ts', resolveDir: repoRoot, sourcefile: 'script.ts' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      plugins: [ownImportMeta],
      write: false,
      logLevel: 'silent',
    });
    return result.outputFiles[0]!.text;
  } finally {
    await esbuild.stop();
  }
}
