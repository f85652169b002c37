#!/usr/bin/env bash
# Install the Debian packages the test suite needs, and only the ones that are missing:
#   chromium        the browser the e2e tests drive (Playwright launches /usr/bin/chromium)
#   fonts-noto-cjk  CJK glyphs for Chromium, so pages and screenshots show Chinese instead of boxes
#                   (the dossier PDF does not need it: it embeds static/fonts/noto-sans-cjk-sc/)
#   gettext         msgfmt/xgettext for compilemessages/makemessages
#   postgresql      the server binaries that scripts/with-postgres.sh starts
#   libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
#                   what WeasyPrint (the dossier PDF) loads at run time: Pango for text layout,
#                   HarfBuzz's subsetter to embed only the glyphs used (without it WeasyPrint falls
#                   back to fontTools: a 9-page dossier takes about 10 s instead of 3 s)
#   poppler-utils   pdftotext/pdftoppm: tests read the dossier's text and render its pages
# `apt-get update` runs once, and only if something is missing. Works as root. Otherwise it uses
# `sudo -n` (no password prompt, so it also works with no stdin). If neither works, it lists what is
# missing and fails.
set -euo pipefail

PACKAGES=(chromium fonts-noto-cjk gettext postgresql libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
          poppler-utils)

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "install-test-deps: this is not a Debian-based system (no dpkg-query)." >&2
    echo "install-test-deps: install these (or your system's equivalents) yourself: ${PACKAGES[*]}" >&2
    exit 1
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    if [[ "$status" != "install ok installed" ]]; then
        missing+=("$pkg")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install-test-deps: all present (${PACKAGES[*]})"
    exit 0
fi

echo "install-test-deps: missing: ${missing[*]}"

if [[ $(id -u) -eq 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    echo "install-test-deps: not root and no password-less sudo; cannot install." >&2
    echo "install-test-deps: run as root:  apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
fi

apt_env=(env DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=a)
apt_opts=(-o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)

"${as_root[@]}" "${apt_env[@]}" apt-get "${apt_opts[@]}" update -qq </dev/null
"${as_root[@]}" "${apt_env[@]}" apt-get "${apt_opts[@]}" install -y -q --no-install-recommends \
    "${missing[@]}" </dev/null

echo "install-test-deps: installed ${missing[*]}"
