#!/usr/bin/env bash
# Author a migration offline: diff the last committed schema against the working one.
# Usage: npm run db:migration -- NAME
set -euo pipefail
name=${1:?usage: npm run db:migration -- NAME}
# the next number after the highest on either engine (not a count: the early numbers have gaps)
last=$(ls prisma/migrations prisma/migrations-pg | grep -o '^[0-9]\{4\}' | sort -n | tail -1)
n=$(printf '%04d' $((10#${last:-0} + 1)))
dir="prisma/migrations/${n}_${name}"
if git cat-file -e HEAD:prisma/schema.prisma 2>/dev/null && [ "$(ls prisma/migrations | grep -c '^[0-9]')" -gt 0 ]; then
  old=$(mktemp --suffix=.prisma)
  git show HEAD:prisma/schema.prisma > "$old"
  from=(--from-schema-datamodel "$old")
else
  from=(--from-empty)
fi
mkdir -p "$dir"
npx prisma migrate diff "${from[@]}" --to-schema-datamodel prisma/schema.prisma --script > "$dir/migration.sql"
echo "wrote $dir/migration.sql"
# the same change for PostgreSQL, numbered alike (prisma/migrations-pg/, scripts/pg-migration.sh)
bash scripts/pg-migration.sh "$name" "$n"
