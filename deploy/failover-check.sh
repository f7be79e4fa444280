#!/usr/bin/env bash
# Failover check: an API and three workers on a database of their own; Wolverine spreads the projections over the
# workers. Each try kills the busiest worker (the one running the most projection agents) with kill -9, writes an edit
# at once, and measures the seconds until every projection has folded it in (mt_event_progression), i.e. until the
# survivors have taken over the dead worker's projections; a new worker is then started in its place. At the end, each
# view is compared with a rebuild of it (nothing skipped, nothing applied twice).
#
# Usage: deploy/failover-check.sh
# Exit status: 0 when every takeover took at most $FAILOVER_LIMIT seconds (default 5) and the views equal their
# rebuild, 1 otherwise or on error.
#
# Environment overrides: FAILOVER_LIMIT (seconds), FAILOVER_TRIES (default 5), FAILOVER_DB (database, default
# chronology_failover), FAILOVER_KEEP_LOGS=1 (keep the processes' logs in $WORK after a successful run).
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

LIMIT=${FAILOVER_LIMIT:-5}
TRIES=${FAILOVER_TRIES:-5}
DB=${FAILOVER_DB:-chronology_failover}
SCHEMA=failover
WORKERS=3
PROJECTIONS=4
EDITOR_KEY=failover-editor-key-alice-0123456789
ADMIN_KEY=failover-admin-key-root-0123456789
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
sql() { CHRONOLOGY_PG_DB=$DB deploy/postgres.sh psql -X -q -At -v ON_ERROR_STOP=1 -c "$1"; }
sql "drop schema if exists $SCHEMA cascade; drop schema if exists ${SCHEMA}_api cascade" >/dev/null 2>&1

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
API_PORT=$(free_port)
API=http://127.0.0.1:$API_PORT

export ConnectionStrings__chronology="$CONNECTION"
export Store__Schema=$SCHEMA
export Cluster__LoopbackControl=true
export ASPNETCORE_ENVIRONMENT=Development
export Auth__Principals__0__Name=alice
export Auth__Principals__0__Key=$EDITOR_KEY
export Auth__Principals__0__Roles__0=editor
export Auth__Principals__1__Name=root
export Auth__Principals__1__Key=$ADMIN_KEY
export Auth__Principals__1__Roles__0=admin
export RateLimit__PermitsPerMinute=0
export DOTNET_NOLOGO=1
export Logging__Console__TimestampFormat="HH:mm:ss.fff "

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
api_ready() { alive "$API_PID"; curl -fs -o /dev/null "$API/health/ready"; }

post() { # path, json body → prints the response body; fails unless 2xx
  curl -fsS -X POST "$API$1" -H "Authorization: Bearer $EDITOR_KEY" -H 'Content-Type: application/json' -d "$2"
}

# --- workers: each log names its Wolverine node id, by which the assignments table says what it runs -------
declare -A WORKER_PID=() WORKER_NODE=()
NEXT_WORKER=1
start_worker() {
  local n=$NEXT_WORKER worker_pid
  NEXT_WORKER=$((n + 1))
  start worker_pid "$WORK/worker$n.log" dotnet "$WORKER_DLL"
  WORKER_PID[$n]=$worker_pid
  wait_for "worker $n started" 120 node_of "$n"
  say "worker $n: pid ${WORKER_PID[$n]}, Wolverine node ${WORKER_NODE[$n]}"
}
node_of() {
  alive "${WORKER_PID[$1]}"
  local node
  node=$(grep -o -m1 'Starting agents for Node [0-9a-f-]*' "$WORK/worker$1.log" 2>/dev/null | awk '{print $5}') || true
  [[ -n $node ]] && WORKER_NODE[$1]=$node
}

# Projection agents per live worker, as "worker count" lines, busiest first.
agents_per_worker() {
  local n count
  for n in "${!WORKER_PID[@]}"; do
    count=$(sql "select count(*) from ${SCHEMA}.wolverine_node_assignments where node_id = '${WORKER_NODE[$n]}' and id like 'event-subscriptions:%'")
    echo "$n $count"
  done | sort -k2,2nr -k1,1n
}
all_assigned() {
  (( $(sql "select count(*) from ${SCHEMA}.wolverine_node_assignments a join ${SCHEMA}.wolverine_nodes n on n.id = a.node_id where a.id like 'event-subscriptions:%'") == PROJECTIONS ))
}
# Every projection has folded in every stored event.
caught_up() {
  (( $(sql "select count(*) from ${SCHEMA}.mt_event_progression where name like '%:All' and last_seq_id >= (select coalesce(max(seq_id), 0) from ${SCHEMA}.mt_events)") == PROJECTIONS ))
}

# --- processes -------------------------------------------------------------------------------------------
say "starting the API on $API"
start API_PID "$WORK/api.log" dotnet "$API_DLL" --urls "$API"
wait_for "API ready" 120 api_ready

say "starting $WORKERS workers"
for _ in $(seq 1 "$WORKERS"); do start_worker; done

ID=$(post /records '{"kind":"summit","title":{"zh-Hant":"2018年朝美首腦會談","en":"2018 US–DPRK summit"},"comment":"failover check"}' | jq -r .id)
[[ $ID =~ ^[0-9a-f-]{36}$ ]] || die "creating a record answered no id"
wait_for "the first record projected" 60 caught_up
wait_for "every projection assigned" 30 all_assigned
say "projection agents per worker: $(agents_per_worker | awk '{printf "worker %s: %s; ", $1, $2}')"

TAKEOVERS=()
for try in $(seq 1 "$TRIES"); do
  wait_for "every projection assigned before try $try" 60 all_assigned
  read -r victim count < <(agents_per_worker | head -1)
  say "try $try: kill -9 worker $victim (pid ${WORKER_PID[$victim]}), which runs $count of the $PROJECTIONS projections"
  kill -9 "${WORKER_PID[$victim]}"
  KILLED_AT=$(now)
  unset "WORKER_PID[$victim]"
  post /records "{\"kind\":\"summit\",\"title\":{\"en\":\"written just after kill $try\"}}" >/dev/null
  deadline=$(( $(date +%s) + LIMIT + 60 ))
  until caught_up; do
    (( $(date +%s) < deadline )) || die "try $try: the projections did not catch up within $(( LIMIT + 60 ))s"
    sleep 0.05
  done
  TAKEOVER=$(python3 -c "print(f'{$(now) - $KILLED_AT:.1f}')")
  TAKEOVERS+=("$TAKEOVER")
  say "try $try: every projection had folded in the edit written after the kill ${TAKEOVER}s after it; now: $(agents_per_worker | awk '{printf "worker %s: %s; ", $1, $2}')"
  start_worker
done

# --- the views equal their rebuild: a checksum of each view's documents before and after rebuilding it ---------
checksum() { sql "select count(*) || ' ' || coalesce(md5(string_agg(id::text || '=' || data::text, ',' order by id::text)), '-') from ${SCHEMA}.$1"; }
rebuilt() { [[ $(curl -fsS "$API$1" -H "Authorization: Bearer $ADMIN_KEY" | jq -r .state) == done ]]; }
VIEWS_EQUAL=1
for view in mt_doc_currentrecord:records mt_doc_revisionview:revisions mt_doc_changefeedentry:changes; do
  table=${view%%:*} projection=${view##*:}
  before=$(checksum "$table")
  status=$(curl -fsS -X POST "$API/admin/projections/$projection/rebuild" -H "Authorization: Bearer $ADMIN_KEY" -D - -o /dev/null | tr -d '\r' | awk 'tolower($1) == "location:" {print $2}')
  [[ -n $status ]] || die "the rebuild of $projection was not accepted"
  wait_for "rebuild of $projection" 120 rebuilt "$status"
  after=$(checksum "$table")
  if [[ $before == "$after" ]]; then
    say "$projection: equal to its rebuild ($table: ${before%% *} documents)"
  else
    say "$projection: NOT equal to its rebuild ($table: $before before, $after after)"
    VIEWS_EQUAL=0
  fi
done

echo "takeover after kill -9 of the busiest of $WORKERS workers, $TRIES tries (s): ${TAKEOVERS[*]}; limit ${LIMIT}s"
(( VIEWS_EQUAL == 1 )) || die "a view differs from its rebuild"
python3 - "$LIMIT" "${TAKEOVERS[@]}" <<'PY'
import statistics, sys
limit, times = float(sys.argv[1]), [float(t) for t in sys.argv[2:]]
print(f"min {min(times):.1f} s, median {statistics.median(times):.1f} s, max {max(times):.1f} s; views equal their rebuild")
sys.exit(0 if max(times) <= limit else 1)
PY
