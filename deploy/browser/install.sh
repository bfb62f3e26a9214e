#!/usr/bin/env bash
# Make sure a headless-capable Chromium is at /usr/bin/chromium for the browser tests.
#
# The tests drive Debian's `chromium` package with Playwright for Python (never
# `playwright install`: its browser downloads are not reachable from CI). Installs the
# package when /usr/bin/chromium is missing; idempotent and quick when it is there.
# Prints the browser's path as the last line of stdout.
set -euo pipefail

BROWSER=/usr/bin/chromium

has_cjk_font() { command -v fc-list >/dev/null 2>&1 && [[ -n "$(fc-list :lang=zh 2>/dev/null)" ]]; }

if [[ -x "$BROWSER" ]] && has_cjk_font; then
    echo "$BROWSER"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install.sh: $BROWSER is missing and apt-get is not available;" \
        "install Chromium by other means (the tests launch $BROWSER)" >&2
    exit 1
fi

SUDO=()
if [[ "$(id -u)" -ne 0 ]]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "install.sh: not root and sudo is not available" >&2
        exit 1
    fi
    SUDO=(sudo)
fi

echo "install.sh: installing Debian's chromium package" >&2
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
# Chinese labels must render as glyphs, not boxes, in the screenshots: a CJK font too.
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends chromium fonts-noto-cjk >&2

if [[ ! -x "$BROWSER" ]]; then
    echo "install.sh: installed the chromium package but found no $BROWSER" >&2
    exit 1
fi
echo "$BROWSER"
