#!/usr/bin/env bash
# Installs what paiban needs on a fresh Debian machine, and nothing that is
# already there: npm dependencies from the lock file (then bundles src/ into
# dist/ when it changed), Debian's Chromium,
# poppler-utils + qpdf (PDF inspection in tests and preflight),
# ghostscript (--pdfx), epubcheck (EPUB checks) and the fonts paiban bundles from Debian
# (fonts-hanazono, fonts-arphic-gkai00mp). Never downloads a browser build of its own.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -n "${PAIBAN_CHROMIUM:-}" ] || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdffonts >/dev/null 2>&1 || missing+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || missing+=(qpdf)
command -v gs >/dev/null 2>&1 || missing+=(ghostscript)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
# EPUB validation for `check FILE.epub` and the EPUB tests.
command -v epubcheck >/dev/null 2>&1 || missing+=(epubcheck)
# The bundled TrueType fallback for CJK Extension A–F (生僻字) and the default 楷 (src/fonts/).
[ -f /usr/share/fonts/truetype/hanazono/HanaMinB.ttf ] || missing+=(fonts-hanazono)
[ -f /usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf ] || missing+=(fonts-arphic-gkai00mp)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: missing ${missing[*]}; install them (sudo apt-get install ${missing[*]}) and run again" >&2
    exit 1
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
