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
export Cluster__Workers=$WORKERS # the leader's first assignment waits for all of them (ProjectionDistribution)
PROJECTIONS=4
EDITOR_KEY=failover-editor-key-alice-0123456789
ADMIN_KEY=failover-admin-key-root-0123456789
WORK=$(mktemp -d /tmp/chronology-failover.XXXXXX)
source deploy/lib.sh

cleanup() {
  local status=$?
  stop_started
  finish_logs "$status" "${FAILOVER_KEEP_LOGS:-0}"
}
trap cleanup EXIT
build_if_stale

# --- database: our own, and a fresh schema in it ---------------------------------------------------------
deploy/postgres.sh start
deploy/postgres.sh createdb "$DB"
CONNECTION=$(CHRONOLOGY_PG_DB=$DB deploy/postgres.sh url)
sql() { CHRONOLOGY_PG_DB=$DB deploy/postgres.sh psql -X -q -At -v ON_ERROR_STOP=1 -c "$1"; }
sql "drop schema if exists $SCHEMA cascade; drop schema if exists ${SCHEMA}_api cascade" >/dev/null 2>&1

API_PORT=$(free_port)
API=http://127.0.0.1:$API_PORT

export ConnectionStrings__chronology="$CONNECTION"
export Store__Schema=$SCHEMA
export ASPNETCORE_ENVIRONMENT=Development
export Auth__Principals__0__Name=alice
export Auth__Principals__0__Key=$EDITOR_KEY
export Auth__Principals__0__Roles__0=editor
export Auth__Principals__1__Name=root
export Auth__Principals__1__Key=$ADMIN_KEY
export Auth__Principals__1__Roles__0=admin

api_ready() { kill -0 "$API_PID" 2>/dev/null || die "the API exited; see its log"; curl -fs -o /dev/null "$API/health/ready"; }

post() { # path, json body → prints the response body; fails unless 2xx
  curl -fsS -X POST "$API$1" -H "Authorization: Bearer $EDITOR_KEY" -H 'Content-Type: application/json' -d "$2"
}
caught_up() { projected_past "$(last_event)"; }

# --- processes -------------------------------------------------------------------------------------------
say "starting the API on $API"
start API_PID "$WORK/api.log" dotnet "$API_DLL" --urls "$API"
wait_for "API ready" 120 api_ready

say "starting $WORKERS workers"
for _ in $(seq 1 "$WORKERS"); do start_worker; done

ID=$(post /records '{"kind":"summit","title":{"zh-Hant":"2018年朝美首腦會談","en":"2018 US–DPRK summit"},"comment":"failover check"}' | jq -r .id)
[[ $ID =~ ^[0-9a-f-]{36}$ ]] || die "creating a record answered no id"
wait_for "the first record projected" 60 caught_up
wait_for "every projection assigned" 30 assigned_to_live_workers
say "projection agents per worker: $(agents_summary)"
LOAD=$(cut -d' ' -f1 /proc/loadavg)

TAKEOVERS=()
for try in $(seq 1 "$TRIES"); do
  wait_for "every projection assigned before try $try" 60 assigned_to_live_workers
  read -r victim count < <(agents_per_worker | head -1)
  say "try $try: kill -9 worker $victim (pid ${WORKER_PID[$victim]}), which runs $count of the $PROJECTIONS projections"
  kill_worker "$victim"
  KILLED_AT=$(now)
  post /records "{\"kind\":\"summit\",\"title\":{\"en\":\"written just after kill $try\"}}" >/dev/null
  # Watched on the server, as in cluster-check.sh: a loop of psql processes here would time their own start-up too.
  TAKEOVER=$(seconds_until "$KILLED_AT" $(( LIMIT + 60 )) "$(projected_past_sql "$(last_event)")")
  [[ $TAKEOVER != - ]] || die "try $try: the projections did not catch up within $(( LIMIT + 60 ))s"
  TAKEOVERS+=("$TAKEOVER")
  say "try $try: every projection had folded in the edit written after the kill ${TAKEOVER}s after it; now: $(agents_summary)"
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
echo "machine load average (1 min) before the first try: $LOAD on $(nproc) cores"
(( VIEWS_EQUAL == 1 )) || die "a view differs from its rebuild"
python3 - "$LIMIT" "${TAKEOVERS[@]}" <<'PY'
import statistics, sys
limit, times = float(sys.argv[1]), [float(t) for t in sys.argv[2:]]
print(f"min {min(times):.1f} s, median {statistics.median(times):.1f} s, max {max(times):.1f} s; views equal their rebuild")
sys.exit(0 if max(times) <= limit else 1)
PY
