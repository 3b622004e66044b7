import { parseAhead } from '../markdown/parse-safely.ts';
import { displayPath } from '../paths.ts';
import { loadSource } from '../source/load.ts';

/**
 * Read each document's index.md (with the build's own checks: a plain file
 * inside the folder, within the size limit, UTF-8) and start parsing it. A
 * guess made before the build command has loaded: any problem is left for
 * the build to find and report, and the build uses the parse only if it reads
 * the same text (src/markdown/parse-safely.ts).
 */
export function parseDocumentsAhead(docDirs: readonly string[]): void {
  for (const dir of docDirs) {
    loadSource(dir)
      .then((source) => parseAhead(source.markdown, displayPath(source.file)))
      .catch(() => undefined);
  }
}
