import { FONT_ROLES, ROLE_LABEL } from '../fonts/faces.ts';

/**
 * `paiban.config.yaml` as `paiban init` writes it: every option the project
 * configuration takes (src/fonts/config.ts, ProjectConfigSchema), commented
 * out, with what it does. The front matter's fields, per document, are
 * listed for reference: they are set in each `index.md`.
 */
export function configText(): string {
  const fonts = FONT_ROLES.map((role) => `#   ${`${role}:`.padEnd(10)}fonts/${role}.ttf    # ${ROLE_LABEL[role]}`).join('\n');
  return `# paiban.config.yaml — options for every document of this project.
# Read from the folder paiban runs in. Remove the "# " before an option to set it.

# Fail a build on any warning (as \`paiban build --strict\`): preflight
# findings, a character drawn by a fallback font, a role without a font.
# strict: false

# Where a booklet chapter (a # heading) opens: right (a right-hand page,
# with a blank page before it when needed), page (the next page) or
# continue (runs on). A document's own chapterStart wins.
# chapterStart: right

# TrueType font files per role, relative to this file (a .ttf, not .otf:
# CFF fonts embed as Type 3, which print shops reject). A role may also be
#   regular: fonts/x.ttf
#   bold: fonts/x-bold.ttf
# Without 楷 or 仿宋 the serif stands in, with a warning.
# fonts:
${fonts}

# Set per document, in the front matter of source/<doc>/index.md:
#   title, subtitle, author, date, lang, layout (booklet | gongwen), edition,
#   trim (A4, A5, 16开, 大32开 … or WxH mm), bleed, largePrint, cover,
#   chapterStart, autospace, printing, printer, region, punctuation,
#   numbering (gongwen: 一、（一）1.（1）), fonts, editions, gongwen.
# See docs/syntax.md and docs/gongwen.md in the paiban package.
`;
}

/** `.gitignore`: build results are made again from the sources. */
export const GITIGNORE = 'output/\n';
