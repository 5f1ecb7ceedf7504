#!/usr/bin/env bash
# Serve the built app on port $1 against a fresh, seeded, throw-away database in directory $2.
set -euo pipefail
port=${1:?port}
dir=${2:?directory}
rm -f "$dir"/e2e.db*
export DATABASE_URL="file:$dir/e2e.db" DATA_DIR="$dir/data" DIANCAI_DEMO=1 PORT="$port" NODE_ENV=production
# every spec registers its residents from 127.0.0.1: more than the 30 binds an hour one address may
# make in production (app/utils/rate-limit.server.ts); the limits are tested in
# tests/integration/rate-limits.test.ts
export RATE_LIMIT_BINDS_PER_IP_PER_HOUR=1000
npx prisma migrate deploy >/dev/null
npx tsx prisma/seed.ts
exec node server.mjs
