#!/usr/bin/env bash
# Samples, every 100 ms until stopped (Ctrl-C or kill), where each projection of one Chronology schema stands:
#   <out>/progress.tsv  time, highest committed seq_id, the sequence's last value, then every mt_event_progression row
#                       (HighWaterMark, records:All, revisions:All, changes:All, log:All, ...) as name=last_seq_id
#   <out>/activity.tsv  time, pid, backend type, state, wait event, ms in transaction, ms in statement, xid, xmin, query
#                       for every backend of the database that is not idle (plus the server's own processes: autovacuum)
# Run it beside a bench run (bench/run.sh --only edits,lag, database chronology_bench, schema bench) and line the
# samples up with raw/logs/lag-runN.tsv: a lag peak with the high-water mark far below the committed sequence is a gap
# held by a transaction in flight; a peak with one view far below the high-water mark is that view's batches falling
# behind; "idle in transaction" sessions of the API are transactions waiting for the API process to send their next
# statement (bench/README.md, "Lag, round 4").
#
# Usage: bench/lag-probe.sh [database (chronology_bench)] [schema (bench)] [out folder (bench/results/raw/probe)]
set -euo pipefail
cd "$(dirname -- "$(readlink -f -- "$0")")/.."
DB=${1:-chronology_bench}
SCHEMA=${2:-bench}
OUT=${3:-bench/results/raw/probe}
[[ $DB =~ ^[A-Za-z0-9_]+$ && $SCHEMA =~ ^[A-Za-z0-9_]+$ ]] || { echo "lag-probe.sh: database and schema are plain names" >&2; exit 2; }
mkdir -p "$OUT"

CHRONOLOGY_PG_DB=$DB deploy/postgres.sh psql -A -F $'\t' -t >"$OUT/progress.tsv" 2>&1 <<SQL &
select to_char(clock_timestamp(), 'HH24:MI:SS.MS'), (select max(seq_id) from $SCHEMA.mt_events),
  (select last_value from $SCHEMA.mt_events_sequence),
  (select string_agg(name || '=' || last_seq_id, ' ' order by name) from $SCHEMA.mt_event_progression) \watch 0.1
SQL
progress=$!

CHRONOLOGY_PG_DB=$DB deploy/postgres.sh psql -A -F $'\t' -t >"$OUT/activity.tsv" 2>&1 <<SQL &
select to_char(clock_timestamp(), 'HH24:MI:SS.MS'), pid, backend_type, state,
  coalesce(wait_event_type, '') || ':' || coalesce(wait_event, ''),
  round(extract(epoch from clock_timestamp() - xact_start) * 1000), round(extract(epoch from clock_timestamp() - query_start) * 1000),
  backend_xid, backend_xmin, left(regexp_replace(query, '\s+', ' ', 'g'), 90)
from pg_stat_activity
where (datname = '$DB' or backend_type <> 'client backend') and pid <> pg_backend_pid() and (state is null or state <> 'idle') \watch 0.1
SQL
activity=$!

stop() { pkill -P $progress 2>/dev/null; pkill -P $activity 2>/dev/null; kill $progress $activity 2>/dev/null; }
trap stop EXIT INT TERM
echo "lag-probe.sh: sampling $DB.$SCHEMA into $OUT (stop with Ctrl-C)" >&2
wait
