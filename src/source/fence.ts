import { UserError } from '../errors.ts';

/** A `---js`, `---javascript`, `---coffee`… opener: front matter that other tools execute. */
const EXECUTABLE_FENCE = /^---[ \t]*([A-Za-z][\w-]*)[ \t]*\r?$/;

/**
 * Refuse front matter in any language but YAML before anything parses it:
 * gray-matter-style engines run `---js` blocks (CVE-2021-23639).
 */
export function refuseNonYamlFrontMatter(markdown: string, shownFile: string): void {
  const firstLine = markdown.slice(0, markdown.indexOf('\n') >>> 0);
  const match = EXECUTABLE_FENCE.exec(firstLine);
  if (match) {
    throw new UserError(`front matter must be YAML; a '---${match[1]}' block is refused`, { file: shownFile, line: 1 });
  }
}
