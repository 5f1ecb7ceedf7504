#!/usr/bin/env bash
# Author the PostgreSQL migration for the schema as it stands (scripts/db-migration.sh calls this
# after writing the SQLite one; run it alone to catch up migrations authored for SQLite only).
# prisma/migrations-pg/schema.snapshot.prisma is the PostgreSQL schema the migrations reach: the
# new migration is Prisma's offline diff from it to prisma/schema.pg.prisma, then the snapshot
# moves on. Hand-written SQL (triggers, data moves) is added by hand, as for SQLite.
# Usage: bash scripts/pg-migration.sh NAME [NUMBER]
set -euo pipefail
name=${1:?usage: bash scripts/pg-migration.sh NAME [NUMBER]}
dir=prisma/migrations-pg
snapshot=$dir/schema.snapshot.prisma
node scripts/pg-schema.mjs
if [ -n "${2:-}" ]; then
  n=$2
else
  last=$( (ls prisma/migrations; ls "$dir") | grep -o '^[0-9]\+' | sort -n | tail -1)
  n=$(printf '%04d' $((10#${last:-0} + 1)))
fi
file="$dir/${n}_${name}.sql"
sql=$(npx prisma migrate diff --from-schema-datamodel "$snapshot" \
  --to-schema-datamodel prisma/schema.pg.prisma --script)
if ! grep -qv '^--\|^$' <<<"$sql"; then
  echo "PostgreSQL schema unchanged: no PostgreSQL migration written"
  exit 0
fi
{
  echo "-- migrate:up"
  echo "$sql"
  echo
  echo "-- migrate:down"
} >"$file"
cp prisma/schema.pg.prisma "$snapshot"
echo "wrote $file"
