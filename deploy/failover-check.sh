#!/usr/bin/env bash
# Failover check: an API and two workers on a database of their own; the leading worker is killed with
# kill -9 after a first edit is projected; a second edit is written at once, and the script measures how many
# seconds pass until the view (GET /records/{id}) shows it, i.e. until the standby worker has taken over.
#
# Usage: deploy/failover-check.sh
# Exit status: 0 when the takeover took at most $FAILOVER_LIMIT seconds (default 60), 1 otherwise or on error.
#
# Environment overrides: FAILOVER_LIMIT (seconds), FAILOVER_DB (database, default chronology_failover),
# FAILOVER_KEEP_LOGS=1 (keep the processes' logs in $WORK after a successful run).
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

LIMIT=${FAILOVER_LIMIT:-60}
DB=${FAILOVER_DB:-chronology_failover}
SCHEMA=failover
EDITOR_KEY=failover-editor-key-alice-0123456789
API_DLL=src/Chronology.Api/bin/Release/net10.0/Chronology.Api.dll
WORKER_DLL=src/Chronology.Worker/bin/Release/net10.0/Chronology.Worker.dll
WORK=$(mktemp -d /tmp/chronology-failover.XXXXXX)

say() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }
now() { date +%s.%N; }

# --- cleanup: only the processes this script started, by their ids --------------------------------------
PIDS=()
cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if (( status != 0 )); then
    say "logs kept in $WORK:"
    for log in "$WORK"/*.log; do
      [[ -f $log ]] || continue
      echo "----- $log (last 30 lines)" >&2
      tail -n 30 "$log" >&2 || true
    done
  elif [[ ${FAILOVER_KEEP_LOGS:-0} == 1 ]]; then
    say "logs kept in $WORK"
  else
    rm -rf -- "$WORK"
  fi
}
trap cleanup EXIT

# --- build (Release) when the binaries are missing or older than the sources ------------------------------
needs_build() {
  [[ -f $API_DLL && -f $WORKER_DLL ]] || return 0
  [[ -n $(find src -newer "$WORKER_DLL" \( -name '*.cs' -o -name '*.csproj' -o -name '*.json' \) -not -path '*/bin/*' -not -path '*/obj/*' -print -quit) ]] && return 0
  [[ -n $(find src -newer "$API_DLL" \( -name '*.cs' -o -name '*.csproj' -o -name '*.json' \) -not -path '*/bin/*' -not -path '*/obj/*' -print -quit) ]]
}
if needs_build; then
  say "building the solution (Release)"
  dotnet build Chronology.sln -c Release -nologo -v quiet >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log" >&2; die "build failed"; }
fi

# --- database: our own, and a fresh schema in it ---------------------------------------------------------
deploy/postgres.sh start
deploy/postgres.sh createdb "$DB"
CONNECTION=$(CHRONOLOGY_PG_DB=$DB deploy/postgres.sh url)
CHRONOLOGY_PG_DB=$DB deploy/postgres.sh psql -X -q -v ON_ERROR_STOP=1 -c "drop schema if exists $SCHEMA cascade; drop schema if exists ${SCHEMA}_api cascade" >/dev/null 2>&1

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
API_PORT=$(free_port)
API=http://127.0.0.1:$API_PORT

export ConnectionStrings__chronology="$CONNECTION"
export Store__Schema=$SCHEMA
export ASPNETCORE_ENVIRONMENT=Development
export Auth__Principals__0__Name=alice
export Auth__Principals__0__Key=$EDITOR_KEY
export Auth__Principals__0__Roles__0=editor
export RateLimit__PermitsPerMinute=0
export DOTNET_NOLOGO=1

# Starts a process in the background; its pid lands in the variable named by $1.
start() {
  local var=$1 log=$2; shift 2
  "$@" >"$log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  printf -v "$var" '%s' "$pid"
}

wait_for() { # description, timeout seconds, command...
  local what=$1 timeout=$2; shift 2
  local deadline=$(( $(date +%s) + timeout ))
  until "$@"; do
    (( $(date +%s) < deadline )) || die "$what: not within ${timeout}s"
    sleep 0.2
  done
}

alive() { kill -0 "$1" 2>/dev/null || die "process $1 exited; see its log"; }
started() { alive "$1"; grep -q "Application started" "$2"; }
api_ready() { alive "$API_PID"; curl -fs -o /dev/null "$API/health/ready"; }
runs_agents() { grep -q "Started projection agent records:All" "$1"; }

# The revision the view shows for record $1 (0 while it is not projected).
view_revision() {
  local revision
  revision=$(curl -sS "$API/records/$1" 2>/dev/null | jq -r '.revision // 0' 2>/dev/null) || true
  [[ $revision =~ ^[0-9]+$ ]] && echo "$revision" || echo 0
}
projected() { (( $(view_revision "$1") >= $2 )); }

post() { # path, json body → prints the response body; fails unless 2xx
  curl -fsS -X POST "$API$1" -H "Authorization: Bearer $EDITOR_KEY" -H 'Content-Type: application/json' -d "$2"
}

# --- processes -------------------------------------------------------------------------------------------
say "starting the API on $API"
start API_PID "$WORK/api.log" dotnet "$API_DLL" --urls "$API"
wait_for "API ready" 120 api_ready

say "starting worker 1"
start WORKER1_PID "$WORK/worker1.log" dotnet "$WORKER_DLL"
wait_for "worker 1 started" 120 started "$WORKER1_PID" "$WORK/worker1.log"

# A first record, projected by worker 1: from then on worker 1 holds the daemon's leadership.
ID=$(post /records '{"kind":"summit","title":{"zh-Hant":"2018年朝美首腦會談","en":"2018 US–DPRK summit"},"comment":"failover check"}' | jq -r .id)
[[ $ID =~ ^[0-9a-f-]{36}$ ]] || die "creating a record answered no id"
wait_for "record $ID projected by worker 1" 60 projected "$ID" 1
say "record $ID projected (revision 1) by worker 1 (pid $WORKER1_PID)"

say "starting worker 2 (standby)"
start WORKER2_PID "$WORK/worker2.log" dotnet "$WORKER_DLL"
wait_for "worker 2 started" 120 started "$WORKER2_PID" "$WORK/worker2.log"
# Let the standby settle into polling for leadership, and check the leader is still the one projecting.
sleep 5
post "/records/$ID/announce" '{"on":"2018-03-08","by":"Donald Trump","comment":"before the crash"}' >/dev/null
wait_for "revision 2 projected before the crash" 30 projected "$ID" 2

runs_agents "$WORK/worker1.log" || die "worker 1 projected but its log shows no projection agent"
! runs_agents "$WORK/worker2.log" || die "worker 2 started projection agents while worker 1 led; expected it to stand by"

say "kill -9 worker 1 (pid $WORKER1_PID)"
kill -9 "$WORKER1_PID"
KILLED_AT=$(now)
post "/records/$ID/schedule" '{"on":"2018-05-10","start":"2018-06-12","comment":"after the crash"}' >/dev/null

deadline=$(( $(date +%s) + LIMIT + 30 ))
until projected "$ID" 3; do
  alive "$WORKER2_PID"
  if (( $(date +%s) > deadline )); then
    say "worker 2 did not project revision 3 within $(( LIMIT + 30 ))s"
    exit 1
  fi
  sleep 0.1
done
TAKEOVER=$(python3 -c "print(f'{$(now) - $KILLED_AT:.1f}')")
runs_agents "$WORK/worker2.log" || die "the view caught up but worker 2's log shows no projection agent"

echo "takeover: ${TAKEOVER}s from kill -9 of the leading worker until the view showed the edit written after it (limit ${LIMIT}s)"
if python3 -c "import sys; sys.exit(0 if $TAKEOVER <= $LIMIT else 1)"; then
  exit 0
fi
say "takeover took longer than ${LIMIT}s"
exit 1
