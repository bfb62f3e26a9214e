#!/usr/bin/env bash
# Make sure PostgreSQL server binaries (initdb, pg_ctl, postgres) are present.
#
# Installs Debian's `postgresql` package when no initdb can be found, but never
# starts the Debian cluster service: tests, CI and benchmarks run their own
# throw-away server through deploy/postgres/localpg.py.
#
# Idempotent and quick when already installed. Prints the bin dir found as the
# last line of stdout.
set -euo pipefail

find_bindir() {
    local d best=""
    # Newest /usr/lib/postgresql/<version>/bin first (version sort), then PATH.
    while IFS= read -r d; do
        if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then
            best="$d"
        fi
    done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -V || true)
    if [[ -z "$best" ]] && command -v initdb >/dev/null 2>&1; then
        best="$(dirname "$(readlink -f "$(command -v initdb)")")"
    fi
    [[ -n "$best" ]] || return 1
    printf '%s\n' "$best"
}

if bindir="$(find_bindir)"; then
    echo "$bindir"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install.sh: no PostgreSQL found and apt-get is not available;" \
        "install the PostgreSQL server binaries (initdb, pg_ctl) by other means" >&2
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

# Keep the package's maintainer scripts from starting the Debian cluster
# (postgresql@VER-main): invoke-rc.d honours /usr/sbin/policy-rc.d exiting 101.
# Most Docker images already ship one; otherwise install one for the duration
# of the install and remove it afterwards.
POLICY=/usr/sbin/policy-rc.d
our_policy=0
cleanup() {
    if [[ "$our_policy" -eq 1 ]]; then
        "${SUDO[@]}" rm -f "$POLICY"
    fi
}
trap cleanup EXIT
if [[ ! -e "$POLICY" ]]; then
    printf '#!/bin/sh\n# temporary, from unionfed deploy/postgres/install.sh\nexit 101\n' \
        | "${SUDO[@]}" tee "$POLICY" >/dev/null
    "${SUDO[@]}" chmod 0755 "$POLICY"
    our_policy=1
fi

echo "install.sh: installing Debian's postgresql package" >&2
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends postgresql >&2

if ! bindir="$(find_bindir)"; then
    echo "install.sh: installed the postgresql package but found no initdb" >&2
    exit 1
fi
echo "$bindir"
