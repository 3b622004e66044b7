#!/usr/bin/env bash
# Installs what paiban needs on a fresh Debian machine, and nothing that is
# already there. Never downloads a browser build of its own.
#
#   scripts/setup.sh              what `paiban build` needs (npm run sample):
#                                 Debian's Chromium and the fonts paiban bundles
#                                 from Debian (fonts-hanazono: 生僻字;
#                                 fonts-arphic-gkai00mp: the default 楷)
#   scripts/setup.sh --for-tests  also poppler-utils and qpdf (the tests inspect
#                                 PDFs; `paiban diff` draws pages with pdftoppm),
#                                 ghostscript (`build --pdfx`) and a Java
#                                 runtime (`paiban check`'s HTML validator) and
#                                 epubcheck (`check FILE.epub`, the EPUB tests)
#
# Then the npm dependencies from the lock file, and the bundle of src/ in
# dist/ when src/ changed. Without root or apt-get, it prints the apt-get line
# to run; a build goes on as long as Chromium is there (the features that
# need the rest say so when used), the tests' set-up stops.
set -euo pipefail
cd "$(dirname "$0")/.."

for_tests=false
case "${1:-}" in
  --for-tests) for_tests=true ;;
  '') ;;
  *) echo "setup: unknown option $1 (usage: scripts/setup.sh [--for-tests])" >&2; exit 2 ;;
esac

chromium_found() {
  # As paiban looks for it (src/render/chromium.ts).
  if [ -n "${PAIBAN_CHROMIUM:-}" ]; then [ -x "$PAIBAN_CHROMIUM" ]; return; fi
  if [ -n "${PUPPETEER_EXECUTABLE_PATH:-}" ]; then [ -x "$PUPPETEER_EXECUTABLE_PATH" ]; return; fi
  for path in /usr/bin/chromium /usr/bin/chromium-browser /usr/lib/chromium/chromium /usr/bin/google-chrome-stable /usr/bin/google-chrome /snap/bin/chromium; do
    [ -x "$path" ] && return 0
  done
  return 1
}

missing=()
chromium_found || missing+=(chromium)
# The bundled TrueType fallback for CJK Extension A–F (生僻字) and the default 楷 (src/fonts/).
[ -f /usr/share/fonts/truetype/hanazono/HanaMinB.ttf ] || missing+=(fonts-hanazono)
[ -f /usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf ] || missing+=(fonts-arphic-gkai00mp)
if $for_tests; then
  command -v pdffonts >/dev/null 2>&1 || missing+=(poppler-utils)
  command -v qpdf >/dev/null 2>&1 || missing+=(qpdf)
  command -v gs >/dev/null 2>&1 || missing+=(ghostscript)
  command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
  command -v epubcheck >/dev/null 2>&1 || missing+=(epubcheck)
fi

# Without the packages: a build goes on if Chromium is there; the tests' set-up stops.
without_them() {
  if $for_tests || ! chromium_found; then
    echo "setup: stopping: $($for_tests && echo 'the tests need them' || echo 'paiban build needs Chromium')" >&2
    exit 1
  fi
  echo "setup: going on without them (Chromium is there; a build warns where a font is missing)" >&2
}

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
      echo "setup: apt-get could not install ${missing[*]}" >&2
      without_them
    fi
  else
    echo "setup: missing ${missing[*]}; install them with: sudo apt-get install ${missing[*]}" >&2
    without_them
  fi
fi

# npm ci only when node_modules is missing or older than the lock file.
if ! [ node_modules/.package-lock.json -nt package-lock.json ]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi

# The CLI runs from an esbuild bundle of src/ in dist/ (bin/paiban.js would
# build it on first run anyway; here it costs nothing later). Without it,
# paiban still runs, through tsx.
node scripts/bundle.mjs || echo "setup: could not bundle src/ into dist/; paiban will run src/ through tsx" >&2
