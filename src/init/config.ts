import { FONT_ROLES, ROLE_LABEL } from '../fonts/faces.ts';

/**
 * `paiban.config.yaml` as `paiban init` writes it: every option the project
 * configuration takes (src/fonts/config.ts ProjectConfigSchema, src/project
 * ProjectSettingsSchema), commented out, with what it does, and the front
 * matter fields, which it may give defaults for (src/project: the cascade).
 */
export function configText(): string {
  const fonts = FONT_ROLES.map((role) => `#   ${`${role}:`.padEnd(10)}fonts/${role}.ttf    # ${ROLE_LABEL[role]}`).join('\n');
  return `# paiban.config.yaml — options for every document of this project.
# Found from a document's folder upwards. Remove the "# " before an option to set it.

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

# Your own layouts, partials and styles: looked up here first, then in the
# themes (npm packages in this project's node_modules, each a folder of
# layouts/, partials/, styles/), then paiban's own. A partial of the same
# name replaces paiban's (colophon.hbs); a stylesheet of the same name is
# added after paiban's (booklet.css). Folders are relative to this file.
# theme: paiban-theme-xyz
# layouts: layouts
# partials: partials
# styles: styles

# remark plugins run on the Markdown tree after paiban's own transforms,
# rehype plugins on the HTML tree before the sanitiser (which still runs):
# a package name or ./path.js, with options. They are this project's code.
# remarkPlugins:
#   - [remark-example, { option: 1 }]
# rehypePlugins: []

# Defaults for any front matter field, for every document (a folder's
# _defaults.yaml overrides them, a document's own front matter both):
#   title, subtitle, author, date, lang, layout (booklet | gongwen), edition,
#   trim (A4, A5, 16开, 大32开 … or WxH mm), bleed, largePrint, cover,
#   chapterStart, autospace, printing, printer, region, punctuation,
#   numbering (gongwen: 一、（一）1.（1）), writing (horizontal | vertical),
#   strict, fonts, editions, gongwen.
# layout: booklet
# trim: A4
# punctuation: true
# See docs/syntax.md and docs/gongwen.md in the paiban package.
`;
}

/** `.gitignore`: build results are made again from the sources. */
export const GITIGNORE = 'output/\n';
