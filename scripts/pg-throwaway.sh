#!/usr/bin/env bash
# Run a command beside a throw-away PostgreSQL: initdb in a temporary directory (as a non-root
# user: PostgreSQL refuses to run as root), a free loopback port, no password (trust, loopback
# only), C collation so text sorts byte-wise as SQLite's does. The server and its directory are
# removed afterwards, whatever the command's outcome. The command sees DIANCAI_PG_URL, a
# superuser URL to the "postgres" database.
# Usage: bash scripts/pg-throwaway.sh COMMAND [ARGS…]
set -euo pipefail

bindir=""
if command -v pg_config >/dev/null 2>&1; then bindir=$(pg_config --bindir); fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "pg-throwaway: PostgreSQL is not installed (apt-get install postgresql)" >&2
  exit 2
fi

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
# fsync off: the cluster is thrown away, so a crash loses nothing anyone keeps
"${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
  "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=${PG_MAX_CONNECTIONS:-200}" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }

export DIANCAI_PG_URL="postgres://diancai@127.0.0.1:$port/postgres"
echo "pg-throwaway: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
set +e
"$@"
status=$?
set -e
exit $status
