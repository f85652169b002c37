#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster:
#
#   scripts/with-postgres.sh CMD [ARGS...]
#
# Initialises a new cluster in a temporary folder and starts it on 127.0.0.1 only, on a free port,
# with its unix socket inside that folder and fsync off. It creates the database `partydev` and runs
# CMD with DATABASE_URL=postgres://postgres@127.0.0.1:PORT/partydev. The cluster's superuser is
# `postgres`, so pytest-django can create test_partydev beside it (test_partydev_gw0, _gw1, … with
# pytest-xdist workers). Auth is `trust`, which is fine
# for a cluster that listens on loopback only and lives as long as one command. When the command
# ends (success, failure or Ctrl-C), the cluster is stopped and its folder removed. The script exits
# with CMD's exit status.
#
# PostgreSQL refuses to run as root. As root, the server runs as an unprivileged OS user: $PG_OS_USER,
# or `postgres` (the Debian package creates it), created as a system user if missing. CMD itself
# still runs as the calling user.
#
# Server binaries come from $PG_BINDIR if set, then /usr/lib/postgresql/15/bin, then
# `pg_config --bindir`, then the newest /usr/lib/postgresql/*/bin, then whatever initdb is on PATH.
set -euo pipefail

log() { echo "with-postgres: $*" >&2; }
die() { log "$*"; exit 1; }

[[ $# -ge 1 ]] || die "usage: $0 CMD [ARGS...]"

# --- find the server binaries -------------------------------------------------------------------
has_server_bins() { [[ -n "$1" && -x "$1/initdb" && -x "$1/pg_ctl" && -x "$1/postgres" ]]; }

bindir=""
candidates=("${PG_BINDIR:-}" /usr/lib/postgresql/15/bin)
if command -v pg_config >/dev/null 2>&1; then
    candidates+=("$(pg_config --bindir 2>/dev/null || true)")
fi
candidates+=($(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r))
if command -v initdb >/dev/null 2>&1; then
    candidates+=("$(dirname "$(readlink -f "$(command -v initdb)")")")
fi
for dir in "${candidates[@]}"; do
    if has_server_bins "$dir"; then
        bindir="$dir"
        break
    fi
done
[[ -n "$bindir" ]] || die "no PostgreSQL server binaries (initdb, pg_ctl, postgres) found;" \
    "install the Debian package postgresql (scripts/install-test-deps.sh does)."

# --- who runs the server ------------------------------------------------------------------------
run_as_pg=()
if [[ $(id -u) -eq 0 ]]; then
    pg_os_user="${PG_OS_USER:-postgres}"
    if ! id -u "$pg_os_user" >/dev/null 2>&1; then
        log "creating system user $pg_os_user to run the server"
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$pg_os_user"
    fi
    if command -v runuser >/dev/null 2>&1; then
        run_as_pg=(runuser -u "$pg_os_user" --)
    else
        run_as_pg=(su_pg)
    fi
fi
su_pg() {  # fallback without runuser: quote each argument for sh -c
    local quoted
    quoted=$(printf '%q ' "$@")
    su "$pg_os_user" -s /bin/sh -c "$quoted"
}
# Run a server command as the server's user, from a folder that user can read.
as_pg() { (cd "$tmpdir" && "${run_as_pg[@]}" "$@"); }

# --- the cluster --------------------------------------------------------------------------------
# The socket path must stay short (about 100 bytes), so the folder goes under /tmp by default. As
# root, use /tmp rather than $TMPDIR, which the server user may not be able to reach.
if [[ $(id -u) -eq 0 ]]; then
    parent=/tmp
else
    parent="${TMPDIR:-/tmp}"
fi
tmpdir=$(mktemp -d "$parent/partydev-pg.XXXXXX")
datadir="$tmpdir/data"
sockdir="$tmpdir/sock"
logfile="$tmpdir/server.log"
started=0

cleanup() {
    local rc=$?
    if [[ $started -eq 1 ]]; then
        as_pg "$bindir/pg_ctl" -D "$datadir" -m immediate -w -t 60 stop >/dev/null 2>&1 ||
            log "warning: pg_ctl stop failed"
    fi
    rm -rf "$tmpdir"
    return $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$sockdir"
if [[ ${#run_as_pg[@]} -gt 0 ]]; then
    chown -R "$pg_os_user": "$tmpdir"
fi
chmod 700 "$tmpdir"

as_pg "$bindir/initdb" -D "$datadir" -U postgres --auth=trust --encoding=UTF8 --no-locale \
    --no-sync >"$tmpdir/initdb.log" 2>&1 || {
    cat "$tmpdir/initdb.log" >&2
    die "initdb failed"
}

free_port() {
    local py
    py=$(command -v python3 || command -v python) || die "python3 is needed to find a free port"
    "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

cat >>"$datadir/postgresql.conf" <<EOF

# scripts/with-postgres.sh: a throwaway cluster, speed over durability
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sockdir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
log_min_messages = warning
EOF

# A port found free can be taken before the server binds it: retry a few times.
for attempt in 1 2 3 4 5; do
    port=$(free_port)
    started=1
    if as_pg "$bindir/pg_ctl" -D "$datadir" -l "$logfile" -o "-p $port" -w -t 60 start >/dev/null; then
        break
    fi
    log "server did not start on port $port (attempt $attempt):"
    tail -n 20 "$logfile" >&2 || true
    as_pg "$bindir/pg_ctl" -D "$datadir" -m immediate -w -t 60 stop >/dev/null 2>&1 || true
    started=0
    [[ $attempt -lt 5 ]] || die "giving up"
done

createdb_bin="$bindir/createdb"
[[ -x "$createdb_bin" ]] || createdb_bin=createdb
"$createdb_bin" -h 127.0.0.1 -p "$port" -U postgres partydev

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/partydev"
log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($bindir)"
log "DATABASE_URL=$DATABASE_URL"

set +e
"$@"
rc=$?
set -e
exit $rc
