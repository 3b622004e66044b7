import { parseAhead } from '../markdown/parse-safely.ts';
import { displayPath } from '../paths.ts';
import path from 'node:path';
import { loadSource, SOURCE_FILE } from '../source/load.ts';

/**
 * Read each document's index.md (with the build's own checks: a plain file
 * inside the folder, within the size limit, UTF-8) and start parsing it. A
 * guess made before the build command has loaded: any problem is left for
 * the build to find and report, and the build uses the parse only if it reads
 * the same text (src/markdown/parse-safely.ts).
 */
export function parseDocumentsAhead(docDirs: readonly string[]): void {
  // Registered now, under the name the build will show (loadSource's `file`), so a build that gets there first waits for this read.
  for (const dir of docDirs) parseAhead(displayPath(path.join(path.resolve(dir), SOURCE_FILE)), loadSource(dir).then((source) => source.markdown));
}
