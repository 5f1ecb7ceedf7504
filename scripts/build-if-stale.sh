#!/usr/bin/env bash
# Build the app (npm run build) unless build/ is newer than every source that goes into it:
# npm run test:e2e and npm run bench run on a current build without rebuilding an unchanged one.
set -euo pipefail
stamp=build/server/index.js
newer=""
if [ -f "$stamp" ]; then
  newer=$(find app public prisma/schema.prisma package.json package-lock.json vite.config.ts \
    react-router.config.ts tsconfig.json server.mjs -type f -newer "$stamp" \
    ! -path 'app/generated/*' ! -name '*.test.ts' -print -quit)
fi
if [ -f "$stamp" ] && [ -z "$newer" ]; then
  echo "build/ is newer than the sources: not rebuilding"
else
  echo "building${newer:+ ($newer changed)}"
  npm run build
fi
