#!/usr/bin/env bash
# Cluster check: the whole set-up on this machine, under load, with a worker and an API killed.
#
# Starts a PostgreSQL primary and a streaming standby of it (deploy/postgres.sh and deploy/standby.sh, on ports and
# data folders of their own, started afresh), three workers, two APIs reading from the standby behind HAProxy
# (deploy/haproxy.sh). For $CLUSTER_SECONDS (default 60) 4 writers and 4 readers go through HAProxy: each edit carries
# an Idempotency-Key and is retried with it until answered; each reader sends If-None-Match with the last ETag it got
# for the URL. At 1/3 of the run the busiest worker is killed (kill -9), at 2/3 one API. Then it reports:
#   - acknowledged writes lost: each acknowledged (record, revision) looked up among the primary's events (must be 0);
#   - worker takeover: from the kill until every projection has folded in the first event stored after it (and, apart,
#     until the dead worker's projections were assigned to other workers, and until they resumed there);
#   - API takeover: from the kill until the last request that failed because of it (0 when none failed);
#   - the share of reads served by the standby (chronology_reads_total{server} on each API's /metrics, the killed API's
#     scraped just before its kill) and the share of reads answered 304.
#
# Usage: deploy/cluster-check.sh
# Exit status: 0 when no acknowledged write was lost and both takeovers took at most $CLUSTER_LIMIT seconds (default 5).
#
# Environment overrides: CLUSTER_SECONDS, CLUSTER_LIMIT, CLUSTER_KEEP_LOGS=1 (keep the logs in $WORK).
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

SECONDS_TOTAL=${CLUSTER_SECONDS:-60}
LIMIT=${CLUSTER_LIMIT:-5}
WRITERS=4
READERS=4
RECORDS=8
PROJECTIONS=4
SCHEMA=chronology
DB=chronology
PRIMARY_DATA=/var/tmp/chronology-pg/cluster-check-primary
STANDBY_DATA=/var/tmp/chronology-pg/cluster-check-standby
EDITOR_KEY=cluster-check-editor-key-0123456789
ADMIN_KEY=cluster-check-admin-key-0123456789
WORK=$(mktemp -d /tmp/chronology-cluster.XXXXXX)
RUN=$WORK/run
mkdir -p "$RUN"
source deploy/lib.sh

for tool in curl jq; do
  command -v "$tool" >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q "$tool" >/dev/null; }
done

PG_PORT=$(free_port)
STANDBY_PORT=$(free_port)
LB_PORT=$(free_port)
API_PORTS=("$(free_port)" "$(free_port)")
LB=http://127.0.0.1:$LB_PORT
primary() { CHRONOLOGY_PG_DATA=$PRIMARY_DATA CHRONOLOGY_PG_PORT=$PG_PORT CHRONOLOGY_PG_DB=$DB deploy/postgres.sh "$@"; }
standby() { CHRONOLOGY_STANDBY_DATA=$STANDBY_DATA CHRONOLOGY_STANDBY_PORT=$STANDBY_PORT CHRONOLOGY_PG_PORT=$PG_PORT CHRONOLOGY_PG_DB=$DB deploy/standby.sh "$@"; }
balancer() { CHRONOLOGY_LB_PORT=$LB_PORT CHRONOLOGY_API_PORTS="${API_PORTS[*]}" CHRONOLOGY_LB_DIR=$WORK/haproxy deploy/haproxy.sh "$@"; }
sql() { primary psql -X -q -At -v ON_ERROR_STOP=1 -c "$1"; }

# --- cleanup: only what this script started ------------------------------------------------------------------
cleanup() {
  local status=$?
  touch "$RUN/stop"
  stop_started
  balancer stop >/dev/null 2>&1 || true
  standby stop >/dev/null 2>&1 || true
  primary stop >/dev/null 2>&1 || true
  finish_logs "$status" "${CLUSTER_KEEP_LOGS:-0}"
}
trap cleanup EXIT
build_if_stale

# --- PostgreSQL: a fresh primary and a standby of it ----------------------------------------------------------
primary stop >/dev/null 2>&1 || true
CHRONOLOGY_STANDBY_DATA=$STANDBY_DATA deploy/standby.sh stop >/dev/null 2>&1 || true
rm -rf -- "$PRIMARY_DATA" "$STANDBY_DATA" "$PRIMARY_DATA.log" "$STANDBY_DATA.log"
primary start
standby start
[[ $(standby psql -X -At -c 'select pg_is_in_recovery()') == t ]] || die "the standby is not in recovery"
say "primary on port $PG_PORT, standby on port $STANDBY_PORT ($(sql "select state from pg_stat_replication"))"

export ConnectionStrings__chronology="$(primary url)"
export ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production
export Auth__Principals__0__Name=editor Auth__Principals__0__Key=$EDITOR_KEY Auth__Principals__0__Roles__0=editor
export Auth__Principals__1__Name=admin Auth__Principals__1__Key=$ADMIN_KEY Auth__Principals__1__Roles__0=admin Auth__Principals__1__Roles__1=editor

# --- three workers (they apply the schema), two APIs on the standby, HAProxy --------------------------------------
# The leader's first assignment waits for all three, so each runs a share from the outset (ProjectionDistribution).
export Cluster__Workers=3
for _ in 1 2 3; do start_worker; done
declare -A API_PID=()
api_ready() { kill -0 "${API_PID[$1]}" 2>/dev/null || die "api $1 exited"; curl -fs -o /dev/null "http://127.0.0.1:${API_PORTS[$(($1 - 1))]}/health/ready"; }
for n in 1 2; do
  start pid "$WORK/api$n.log" env ConnectionStrings__standby="$(standby url)" dotnet "$API_DLL" --urls "http://127.0.0.1:${API_PORTS[$((n - 1))]}"
  API_PID[$n]=$pid
  wait_for "API $n ready" 120 api_ready "$n"
done
balancer start

# --- load ------------------------------------------------------------------------------------------------------
edit() { # path, body, key, answer file -> prints the status (000: no answer)
  curl -s -m 30 -o "$4" -w '%{http_code}' -X POST "$LB$1" -H "Authorization: Bearer $EDITOR_KEY" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: $3" -d "$2" || true
}
records=()
for i in $(seq 1 $RECORDS); do
  [[ $(edit /records "{\"kind\":\"summit\",\"title\":{\"en\":\"Summit $i\"},\"timeZone\":\"Asia/Seoul\"}" "record-$i" "$RUN/created") == 201 ]] ||
    die "could not create a record"
  records+=("$(jq -r .id "$RUN/created")")
done

writer() { # logs "ack record revision time" and "failed status time"
  local client=$1 n=0 key status record
  while [[ ! -e $RUN/stop ]]; do
    n=$((n + 1)); key="writer$client-$n"
    record=${records[$(( (client + n) % RECORDS ))]}
    for _ in $(seq 1 100); do
      status=$(edit "/records/$record/outcomes" "{\"text\":{\"en\":\"$key\"}}" "$key" "$RUN/answer-w$client")
      if [[ $status == 2* ]]; then echo "ack $record $(jq .revision "$RUN/answer-w$client") $(now)"; break; fi
      echo "failed $status $(now)"
      sleep 0.2
    done
  done >"$RUN/writer$client.log"
}
reader() { # logs "read status time"; each URL read again with the ETag it last answered
  local client=$1 n=0 url status etag
  declare -A etags=()
  while [[ ! -e $RUN/stop ]]; do
    n=$((n + 1))
    url=/records/${records[$(( (client * 3 + n) % RECORDS ))]}
    (( n % 2 == 0 )) && url=$url/history
    etag=${etags[$url]:-}
    status=$(curl -s -m 30 -o /dev/null -D "$RUN/headers-r$client" -w '%{http_code}' "$LB$url" ${etag:+-H "If-None-Match: $etag"} || true)
    etag=$(tr -d '\r' <"$RUN/headers-r$client" | awk 'tolower($1) == "etag:" { $1 = ""; sub(/^ /, ""); print }')
    [[ -n $etag ]] && etags[$url]=$etag
    echo "read $status $(now)"
  done >"$RUN/reader$client.log"
}

scrape_reads() { # API number -> "primary standby" reads it counted
  local metrics
  metrics=$(curl -fsS "http://127.0.0.1:${API_PORTS[$(($1 - 1))]}/metrics" -H "Authorization: Bearer $ADMIN_KEY")
  for server in primary standby; do
    awk -v server="$server" '$1 ~ "^chronology_reads_total\\{" && $1 ~ "server=\"" server "\"" { sum += $2 } END { printf "%d ", sum }' <<<"$metrics"
  done
}

LOAD=$(cut -d' ' -f1 /proc/loadavg)
say "load through HAProxy on $LB for ${SECONDS_TOTAL}s: $WRITERS writers, $READERS readers (machine load average $LOAD)"
STARTED=$(now)
CLIENTS=()
for c in $(seq 1 $WRITERS); do writer "$c" & CLIENTS+=($!); done
for c in $(seq 1 $READERS); do reader "$c" & CLIENTS+=($!); done

sleep $(( SECONDS_TOTAL / 3 ))
read -r victim count < <(agents_per_worker | head -1)
# Its projections' names in mt_event_progression ('records:All' for event-subscriptions://…/records/all).
VICTIM_PROJECTIONS=$(sql "select string_agg(quote_literal(split_part(id, '/', 6) || ':All'), ',') from ${SCHEMA}.wolverine_node_assignments
                          where node_id = '${WORKER_NODE[$victim]}' and id like 'event-subscriptions:%'")
BEFORE_KILL=$(last_event)
kill_worker "$victim"
WORKER_KILLED_AT=$(now)
say "kill -9 of worker $victim, which ran $count of the $PROJECTIONS projections"
# Where the dead worker left them: it commits nothing more. They have resumed once each got past that on a survivor.
victim_progress_sql() { echo "(select ${1}(last_seq_id) from ${SCHEMA}.mt_event_progression where name in ($VICTIM_PROJECTIONS))"; }
LEFT_AT=$(sql "select $(victim_progress_sql max)")
# The first event stored after the kill, once there is one (null until then: the condition does not hold).
FIRST_AFTER_SQL="(select min(seq_id) from ${SCHEMA}.mt_events where seq_id > $BEFORE_KILL)"
read -r REASSIGNED RESUMED WORKER_TAKEOVER < <(seconds_until "$WORKER_KILLED_AT" 60 \
  "$(assigned_to_live_workers_sql "${WORKER_NODE[$victim]}")" \
  "$(victim_progress_sql min) > $LEFT_AT" \
  "$(projected_past_sql "$FIRST_AFTER_SQL")")
[[ $REASSIGNED != - ]] || die "the dead worker's projections were not assigned to the others within 60 s"
[[ $RESUMED != - ]] || die "the dead worker's projections were not resumed within 60 s"
FIRST_AFTER=$(sql "select $FIRST_AFTER_SQL")
[[ $WORKER_TAKEOVER != - ]] || die "the projections did not get past event ${FIRST_AFTER:-(none stored)} within 60 s of the worker's kill"
say "its projections were assigned to the other workers ${REASSIGNED}s after the kill and resumed there (past event $LEFT_AT, where it left them) ${RESUMED}s after it"
say "every projection got past event $FIRST_AFTER (the first stored after the kill) ${WORKER_TAKEOVER}s after it"

sleep $(python3 -c "print(max(0, $STARTED + 2 * $SECONDS_TOTAL / 3 - $(now)))")
API1_READS=$(scrape_reads 1)
kill -9 "${API_PID[1]}"
API_KILLED_AT=$(now)
say "kill -9 of API 1"

sleep $(python3 -c "print(max(0, $STARTED + $SECONDS_TOTAL - $(now)))")
touch "$RUN/stop"
wait "${CLIENTS[@]}" 2>/dev/null || true
API2_READS=$(scrape_reads 2)

# --- report ------------------------------------------------------------------------------------------------------
cat "$RUN"/writer*.log | awk '$1 == "ack" { print $2, $3 }' | sort -u >"$RUN/acknowledged"
sql "select distinct stream_id, headers ->> 'revision' from ${SCHEMA}.mt_events" | tr '|' ' ' | sort -u >"$RUN/stored"
ACKNOWLEDGED=$(wc -l <"$RUN/acknowledged")
LOST=$(comm -23 "$RUN/acknowledged" "$RUN/stored" | wc -l)
FAILED_WRITES=$(cat "$RUN"/writer*.log | grep -c '^failed' || true)
# The last request that failed after the API's kill (a failed write or a read answered neither 2xx nor 304).
LAST_FAILURE=$(cat "$RUN"/writer*.log "$RUN"/reader*.log | awk -v after="$API_KILLED_AT" \
  '($1 == "failed" || ($1 == "read" && $2 !~ /^(2..|304)$/)) && $3 >= after { if ($3 > last) last = $3 } END { printf "%.3f\n", last }')
API_TAKEOVER=$(python3 -c "print(f'{max(0.0, $LAST_FAILURE - $API_KILLED_AT) if $LAST_FAILURE > 0 else 0.0:.1f}')")
FAILED_AFTER_API_KILL=$(cat "$RUN"/writer*.log "$RUN"/reader*.log | awk -v after="$API_KILLED_AT" \
  '($1 == "failed" || ($1 == "read" && $2 !~ /^(2..|304)$/)) && $3 >= after { n++ } END { print n + 0 }')
READS=$(cat "$RUN"/reader*.log | grep -c '^read' || true)
NOT_MODIFIED=$(cat "$RUN"/reader*.log | grep -c '^read 304 ' || true)
read -r API1_PRIMARY API1_STANDBY <<<"$API1_READS"
read -r API2_PRIMARY API2_STANDBY <<<"$API2_READS"

python3 - "$SECONDS_TOTAL" "$ACKNOWLEDGED" "$LOST" "$FAILED_WRITES" "$WORKER_TAKEOVER" "$API_TAKEOVER" "$FAILED_AFTER_API_KILL" \
  "$READS" "$NOT_MODIFIED" "$API1_PRIMARY" "$API1_STANDBY" "$API2_PRIMARY" "$API2_STANDBY" "$LIMIT" "$REASSIGNED" "$RESUMED" "$LOAD" <<'PY'
import sys
(seconds, acknowledged, lost, failed_writes, worker, api, failed_after, reads, not_modified,
 p1, s1, p2, s2, limit, reassigned, resumed, load) = sys.argv[1:]
share = lambda part, whole: f"{100 * int(part) / int(whole):.0f} %" if int(whole) else "n/a"
print(f"{seconds} s through HAProxy (2 APIs, 3 workers, primary + standby): {acknowledged} writes acknowledged, "
      f"acknowledged writes lost: {lost}; failed write attempts, each retried with its Idempotency-Key: {failed_writes}")
print(f"takeover after kill -9 of the busiest worker: {worker} s (until every projection had folded in the first event stored after the kill; "
      f"its projections were assigned to the others after {reassigned} s and resumed there after {resumed} s)")
print(f"takeover after kill -9 of an API: {api} s (until the last request that failed because of it; {failed_after} failed)")
print(f"reads served by the standby: {share(int(s1) + int(s2), int(p1) + int(s1) + int(p2) + int(s2))} "
      f"(API 1 until its kill: {s1} of {int(p1) + int(s1)}; API 2: {s2} of {int(p2) + int(s2)})")
print(f"reads answered 304 Not Modified: {share(not_modified, reads)} ({not_modified} of {reads}, each sent with the last ETag of its URL)")
print(f"machine load average (1 min) at the start of the load: {load} on {__import__('os').cpu_count()} cores")
ok = int(lost) == 0 and float(worker) <= float(limit) and float(api) <= float(limit)
sys.exit(0 if ok else 1)
PY
