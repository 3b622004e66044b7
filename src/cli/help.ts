// Every command's help text, apart from the commands: `paiban --help` and
// `paiban help CMD` load this small module, never a command's dependencies.
import { SOURCE_FILE } from '../source/load.ts';

/** The build formats as help shows them: `FORMATS` of pipeline/formats.ts (a test keeps them equal). */
export const FORMAT_LIST = 'html,pdf,print,epub';

export const BUILD_HELP = `Usage: paiban build [DOC_DIR ...] [options]

Build each document folder (one holding ${SOURCE_FILE}) into <out>/<doc>/:
  index.html + assets/   accessible HTML (layout "web")
  <doc>.pdf              tagged PDF at the trim size (the document's layout, default "booklet")
  <doc>.print.pdf        for the press: 3 mm bleed, TrimBox/BleedBox, crop marks
  <doc>.epub             (--format epub) accessible EPUB 3, page list = the PDF's folios
  manifest.json          every output with its sha256, size and page count
Without DOC_DIR, builds every folder under source/ that has an ${SOURCE_FILE}.

Options:
  --out DIR          output root (default: output)
  --format LIST      comma-separated formats to write: ${FORMAT_LIST} (default: html,pdf,print;
                     epub prints the PDF too, internally, for its page list)
  --impose saddle    also write <doc>.saddle.pdf: pages padded to a multiple of 4
                     and laid two-up on sheets in saddle-stitch folding order
  --pdfx             also write <doc>.pdfx.pdf: the print PDF converted to CMYK
                     PDF/X-3 for Coated FOGRA39 by Ghostscript (needs the ghostscript package)
  --strict           fail a document on any warning (preflight findings, RGB or
                     rich black for the press, images below 300 dpi, characters
                     drawn by a fallback font): exit 1, nothing written. Also
                     \`strict: true\` in paiban.config.yaml
  --edition ID       build this declared edition (default: the first)
  --all-editions     build every declared edition; the first goes to <out>/<doc>/,
                     each other to <out>/<doc>/<edition>/
  --force            rebuild even when nothing changed since the last manifest
                     (by default an unchanged document edition is skipped)
  --timeout SECONDS  give up rendering a document after this long (default: 60, at most 3600)
  --jobs N           build up to N documents at once, each printing in its own
                     page of the one Chromium (default: the number of cores)
  --shard I/N        build only share I of N: the document list sorted, every
                     N-th from the I-th (see docs/batch.md for CI and Kubernetes)
  -h, --help         show this help

Outputs are written only when the whole document succeeded; a failed build
leaves the previous outputs untouched. Exit code 0 when every document built,
1 when any failed.
Project: paiban.config.yaml (searched from the document's folder up to the
.git or package.json folder, else in the working directory) and each folder's
_defaults.yaml give defaults under the front matter; layouts/, partials/ and
styles/ beside it, themes and remark/rehype plugins it names (README: "Your
own project").
Chromium: PAIBAN_CHROMIUM or PUPPETEER_EXECUTABLE_PATH, else Debian's
/usr/lib/chromium/chromium (package chromium) or another usual path.
`;

export const LINT_HELP = `Usage: paiban lint [DOC ...] [--fix]

Check the Chinese typography of each document (a folder holding ${SOURCE_FILE},
or a Markdown file): half-width punctuation in Chinese text, "..." for ……,
"--" for ——. Each problem is printed as
  file:line:col rule before→after
with lines and columns (in characters) of the Markdown file, front matter
included. Without DOC, checks every folder under source/ with an ${SOURCE_FILE}.
A document whose front matter says "punctuation: false" is skipped.

Options:
  --fix       rewrite the files: only the reported characters change, every
              other byte stays as it was
  -h, --help  show this help

Exit code 1 when any problem is reported (with --fix: when any is left).
`;

export const IMPORT_HELP = `Usage: paiban import FILE [--doc NAME] [--encoding ENC] [--json] [--force]

Turn a .txt, .md or .html file (text copied or saved from a web page) into
source/<NAME>/${SOURCE_FILE}: site furniture removed by the rules in
docs/import-rules.md, title/date/author/region in the front matter, official
headings (第一部分 一、 （一） 1. （1）) as heading levels, indents removed,
run-in lead sentences in bold, punctuation normalised.

Options:
  --doc NAME      document folder name (default: the file name without extension)
  --encoding ENC  read the file in this encoding (default: a BOM, else UTF-8,
                  else the page's <meta charset>, else GB18030)
  --json          print the report as JSON instead of text
  --force         overwrite an existing source/<NAME>/${SOURCE_FILE}
  -h, --help      show this help

Importing the written ${SOURCE_FILE} again changes nothing.
`;

export const PREFLIGHT_HELP = `Usage: paiban preflight FILE.pdf ... [--impose saddle] [--min-dpi N] [--json]

Check PDFs as a print shop would: page size and boxes (TrimBox, BleedBox),
fonts (embedded, no Type 3, ToUnicode), images below --min-dpi (default 300)
at their printed size, and the page count against the imposition.
Exit 1 when any error is found.

Options:
  --impose saddle  warn when the page count is not a multiple of 4
  --min-dpi N      the resolution printed images need (default: 300)
  --json           print the reports as JSON
`;

export const CHECK_HELP = `Usage: paiban check FILE.pdf|FILE.html|FILE.epub ... [--json]

Accessibility checks a program can decide:
  PDF   PDF/UA-1 (Matterhorn Protocol checkpoints): tagged, every piece of
        content tagged or an artifact, /Lang, title shown (DisplayDocTitle),
        XMP with pdfuaid:part, fonts embedded with ToUnicode, figures with
        alternate text, no skipped heading level, tables with header cells
        and Scope, link annotations with /Contents in the structure tree.
  HTML  axe-core (WCAG 2.0/2.1, A and AA) in headless Chromium, light and dark
        colour schemes; no horizontal scrolling at 320 CSS px; and the Nu Html
        Checker (vnu.jar, needs Java) for valid HTML.
  EPUB  epubcheck (when installed; Debian: apt-get install epubcheck); the
        container, EPUB Accessibility 1.1 metadata, a page list whose entries
        all resolve in reading order; and the HTML checks on each content
        document, reported as FILE.epub:EPUB/chapter-01.xhtml.
Exit 1 when any check fails.

Options:
  --json   print the findings as JSON, by file
`;

export const VERIFY_HELP = `Usage: paiban verify MANIFEST.json ... [--json]

Regenerate an edition from the source, templates, styles and fonts it names
(run it from the project folder the manifest's "source" is relative to) into
a temporary folder, and report file by file whether the outputs are
byte-identical to the manifest's; where they are not, which inputs and
versions differ. Exit 0 when every output is identical, 1 otherwise.
`;

export const DIFF_HELP = `Usage: paiban diff A B [--out DIR] [--json]

Compare two editions: A and B are PDFs, or manifest.json files (their PDF is
compared). Prints the pages added, removed and changed with the changed text,
and writes to DIR (default: paiban-diff) a PNG of each changed page with the
differences in red, and report.html with old and new side by side.
Exit 0 when identical, 1 when different.
`;

export const WATCH_HELP = `Usage: paiban watch [DOC_DIR] [options]

Build a document, serve its HTML with live reload, and rebuild on every change
to the source folder (Markdown, images), templates/ or styles/. Chromium stays
running between builds. The HTML is served as soon as it is laid out, before
the PDFs are printed; the outputs written to <out>/<doc>/ are the same bytes a
plain \`paiban build\` writes (the live-reload script exists only in the served
page). Build errors are printed here and shown over the page; the watcher keeps
running until Ctrl-C (SIGINT) or SIGTERM.
Without DOC_DIR, watches the only document under source/.

Options:
  --port PORT        port on 127.0.0.1 to serve on (default: 4000; 0 = any free port)
  --out DIR          output root (default: output)
  --format LIST      formats to write on each change (default: ${FORMAT_LIST})
  --timeout SECONDS  give up rendering after this long (default: 60, at most 3600)
  -h, --help         show this help
`;

export const INIT_HELP = `Usage: paiban init [DIR] [--layout booklet|gongwen]

Start a project in DIR (default: the current folder):
  paiban.config.yaml       every project option, commented out
  source/example/${SOURCE_FILE}  an example document showing the Chinese extensions
                           (booklet: numbering, 着重号, ruby, a footnote, a table;
                           gongwen: a 公文 with its 发文字号, 主送机关 and 版记)
  .gitignore               output/
Never overwrites: if any of these exists, nothing is written.

Options:
  --layout NAME      the example's layout: booklet (default) or gongwen
`;
