#!/usr/bin/env bash
# Author a migration offline: diff the last committed schema against the working one.
# Usage: npm run db:migration -- NAME
set -euo pipefail
name=${1:?usage: npm run db:migration -- NAME}
n=$(printf '%04d' $(( $(ls prisma/migrations | grep -c '^[0-9]') + 1 )))
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
