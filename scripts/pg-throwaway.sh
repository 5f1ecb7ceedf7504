#!/usr/bin/env bash
# Run a command beside a throw-away PostgreSQL: initdb in a temporary directory (as a non-root
# user: PostgreSQL refuses to run as root), a free loopback port, no password (trust, loopback
# only), C collation so text sorts byte-wise as SQLite's does. The server and its directory are
# removed afterwards, whatever the command's outcome. The command sees DIANCAI_PG_URL, a
# superuser URL to the "postgres" database, and DIANCAI_PG_PID, the server's process id.
# Usage: bash scripts/pg-throwaway.sh [--if-installed] COMMAND [ARGS…]
#   --if-installed: without PostgreSQL, say so and succeed (npm test on a machine without it)
#   --check: start nothing; succeed when PostgreSQL is installed, exit 2 when not
# Environment: PG_DURABLE=1 (fsync on), PG_MAX_CONNECTIONS (default 200).
set -euo pipefail
if_installed=""
check=""
if [ "${1:-}" = "--if-installed" ]; then if_installed=1; shift; fi
if [ "${1:-}" = "--check" ]; then check=1; shift; fi

bindir=""
if command -v pg_config >/dev/null 2>&1; then bindir=$(pg_config --bindir); fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
fi
if { [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; } && command -v initdb >/dev/null 2>&1; then
  bindir=$(dirname "$(command -v initdb)")
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "pg-throwaway: PostgreSQL is not installed (apt-get install postgresql)" >&2
  if [ -n "$if_installed" ]; then echo "pg-throwaway: not running: $*" >&2; exit 0; fi
  exit 2
fi
if [ -n "$check" ]; then exit 0; fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/diancai-pg-XXXXXX")
as_owner=()
if [ "$(id -u)" = 0 ]; then
  owner=$(getent passwd postgres >/dev/null && echo postgres || echo nobody)
  chown "$owner" "$dir"
  as_owner=(runuser -u "$owner" --)
fi
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')

cleanup() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

"${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U diancai --auth=trust --locale=C -E UTF8 \
  >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
# fsync off: the cluster is thrown away, so a crash loses nothing anyone keeps. PG_DURABLE=1
# keeps PostgreSQL's durable defaults (fsync, full-page writes), for a benchmark of real commits.
durability="-c fsync=off -c full_page_writes=off"
if [ -n "${PG_DURABLE:-}" ]; then durability="-c fsync=on -c full_page_writes=on"; fi
"${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
  "-p $port -k $dir -c listen_addresses=127.0.0.1 $durability -c max_connections=${PG_MAX_CONNECTIONS:-200}" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }

export DIANCAI_PG_URL="postgres://diancai@127.0.0.1:$port/postgres"
# the server's process (its backends are its children), for a benchmark's CPU accounting
DIANCAI_PG_PID=$(head -1 "$dir/data/postmaster.pid")
export DIANCAI_PG_PID
echo "pg-throwaway: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
set +e
"$@"
status=$?
set -e
exit $status
