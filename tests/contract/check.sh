#!/usr/bin/env bash
# Checks the served OpenAPI document (path in $1): redocly's recommended rules report no error, and a TypeScript client
# generated from it type-checks a client flow under tsc --strict, while requests with wrong field types fail to
# (each marked @ts-expect-error in client-flow.ts, so a type that lets them through fails the check).
set -euo pipefail
document=$(readlink -f -- "${1:?usage: check.sh path/to/openapi.json}")
[ -f "$document" ] || { echo "no OpenAPI document at $1" >&2; exit 2; }
cd "$(dirname -- "$(readlink -f -- "$0")")"

# Installs exactly the locked versions; skipped when node_modules already matches the lockfile.
if ! cmp -s package-lock.json node_modules/.chronology-lock-stamp 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.chronology-lock-stamp
fi

mkdir -p generated
npx --no-install redocly lint --extends=recommended --format=stylish "$document"
npx --no-install openapi-typescript "$document" --output generated/schema.d.ts
npx --no-install tsc --project tsconfig.json
echo "contract: lint clean, client type-checks, wrong field types refused"
