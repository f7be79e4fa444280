#!/usr/bin/env bash
# Runs Chronology on this machine: a local PostgreSQL, the API, the worker, the sample chronology
# loaded on first start. Prints the URLs and a development key; Ctrl-C stops the API and the worker.
set -euo pipefail
cd "$(dirname -- "$(readlink -f -- "$0")")"

API_URL=${CHRONOLOGY_API_URL:-http://127.0.0.1:5080}
DATABASE=${CHRONOLOGY_PG_DB:-chronology}
EDITOR_KEY=${CHRONOLOGY_EDITOR_KEY:-dev-editor-key-change-me}
ADMIN_KEY=${CHRONOLOGY_ADMIN_KEY:-dev-admin-key-change-me}
LOGS=${CHRONOLOGY_LOGS:-/var/tmp/chronology-logs}

# curl and jq drive the API from this script; a fresh Debian machine may lack them.
for tool in curl jq; do
  command -v "$tool" >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q "$tool" >/dev/null; }
done

deploy/postgres.sh start
deploy/postgres.sh createdb "$DATABASE" >/dev/null
echo "Building (Release)…"
dotnet build Chronology.sln -c Release -v quiet -nologo >/dev/null

export ConnectionStrings__chronology
ConnectionStrings__chronology=$(CHRONOLOGY_PG_DB=$DATABASE deploy/postgres.sh url)
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development} DOTNET_ENVIRONMENT=${DOTNET_ENVIRONMENT:-Development}
export Auth__Principals__0__Name=editor Auth__Principals__0__Key=$EDITOR_KEY Auth__Principals__0__Roles__0=editor
# The key the worker signs the transparency log's tree heads with: made on first run, kept outside the repository.
LOG_KEY=${CHRONOLOGY_LOG_KEY_FILE:-${XDG_CONFIG_HOME:-$HOME/.config}/chronology/log-signing-key}
if [ ! -s "$LOG_KEY" ]; then
  mkdir -p "$(dirname "$LOG_KEY")" && (umask 077 && head -c 32 /dev/urandom | base64 >"$LOG_KEY")
  echo "Made a development log signing key: $LOG_KEY"
fi
export Log__SigningKeyFile=$LOG_KEY
export Auth__Principals__1__Name=admin Auth__Principals__1__Key=$ADMIN_KEY Auth__Principals__1__Roles__0=admin Auth__Principals__1__Roles__1=editor

mkdir -p "$LOGS"
pids=()
stop() {
  echo; echo "Stopping the API and the worker (PostgreSQL keeps running: deploy/postgres.sh stop)."
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM

(cd src/Chronology.Api/bin/Release/net10.0 && exec dotnet Chronology.Api.dll --urls "$API_URL") >"$LOGS/api.log" 2>&1 &
pids+=($!)
(cd src/Chronology.Worker/bin/Release/net10.0 && exec dotnet Chronology.Worker.dll) >"$LOGS/worker.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 120); do
  curl -fsS "$API_URL/health/ready" >/dev/null 2>&1 && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "The API stopped; see $LOGS/api.log"; tail -5 "$LOGS/api.log"; exit 1; }
  sleep 0.5
done
curl -fsS "$API_URL/health/ready" >/dev/null || { echo "The API did not become ready; see $LOGS/api.log"; exit 1; }

# The sample goes in once: through the import API (the same command path as every edit), and only into
# an empty chronology. Its line keys would make a second import add nothing anyway.
if [ "$(curl -fsS "$API_URL/records?limit=1" | jq '.items | length')" = 0 ] &&
   [ "$(curl -fsS "$API_URL/changes?limit=1" | jq '.items | length')" = 0 ]; then
  echo "Loading the sample chronology (samples/korea-2018.ndjson)…"
  status=$(curl -fsS -D - -o /dev/null -X POST "$API_URL/imports" -H "Authorization: Bearer $ADMIN_KEY" \
    -H 'Content-Type: application/x-ndjson' --data-binary @samples/korea-2018.ndjson | tr -d '\r' | awk 'tolower($1)=="location:" {print $2}')
  for _ in $(seq 1 240); do
    state=$(curl -fsS "$API_URL$status" -H "Authorization: Bearer $ADMIN_KEY" | jq -r '.state')
    [ "$state" = done ] || [ "$state" = failed ] && break
    sleep 0.5
  done
  curl -fsS "$API_URL$status" -H "Authorization: Bearer $ADMIN_KEY" | jq -c '{state, lines, imported, skipped, errors}'
else
  echo "The chronology already has records: the sample is not loaded again."
fi

cat <<INFO

Chronology is running.
  Viewer        $API_URL/   (open it in a browser: timeline, records, history, diffs; sign in with a key below to edit)
  API           $API_URL
  API docs      $API_URL/scalar/v1   (OpenAPI: $API_URL/openapi/v1.json)
  Timeline      $API_URL/timeline?from=2018-04-01&to=2018-09-30
  Editor key    $EDITOR_KEY   (send: Authorization: Bearer $EDITOR_KEY)
  Admin key     $ADMIN_KEY
  Logs          $LOGS/api.log, $LOGS/worker.log
  Signed log    $API_URL/log/tree-head   (key: $API_URL/log/public-key; docs/verification.md)
Press Ctrl-C to stop.
INFO
wait "${pids[@]}"
