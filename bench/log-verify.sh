#!/usr/bin/env bash
# The transparency log on a large event store: builds the log from N events (default 1,000,000 over 50,000 records,
# one event per revision, records interleaved as edits are), has the worker sign a tree head over it, then times
# `Chronology.Worker verify`, which derives every entry again from the event rows and checks the signed heads.
# Uses a database of its own (chronology_bench_log) on the local PostgreSQL from deploy/postgres.sh.
#   bench/log-verify.sh [events]
set -euo pipefail
cd "$(dirname -- "$(readlink -f -- "$0")")/.."
EVENTS=${1:-1000000}
RECORDS=$(( EVENTS < 50000 ? EVENTS : 50000 ))
DB=${CHRONOLOGY_BENCH_LOG_DB:-chronology_bench_log}
WORKER=src/Chronology.Worker/bin/Release/net10.0/Chronology.Worker.dll

deploy/postgres.sh start >/dev/null
deploy/postgres.sh createdb "$DB" >/dev/null
psql_db() { CHRONOLOGY_PG_DB=$DB deploy/postgres.sh psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_db -c 'drop schema if exists chronology cascade' >/dev/null 2>&1
dotnet build src/Chronology.Worker -c Release -v quiet -nologo >/dev/null

work=$(mktemp -d)
worker_pid=
trap '[ -n "$worker_pid" ] && kill "$worker_pid" 2>/dev/null; rm -rf -- "$work"' EXIT
head -c 32 /dev/urandom | base64 >"$work/key"
export ConnectionStrings__chronology
ConnectionStrings__chronology=$(CHRONOLOGY_PG_DB=$DB deploy/postgres.sh url)
export DOTNET_ENVIRONMENT=Production Log__SigningKeyFile=$work/key
seconds() { date +%s.%N; }

dotnet "$WORKER" db-apply >/dev/null
start=$(seconds)
psql_db <<SQL
insert into chronology.mt_streams (id, version)
select md5('bench-record-' || r)::uuid, ($EVENTS - r - 1) / $RECORDS + 1 from generate_series(0, $RECORDS - 1) r;
insert into chronology.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, headers, is_archived)
select n, gen_random_uuid(), md5('bench-record-' || (n % $RECORDS))::uuid, (n - 1) / $RECORDS + 1,
       case when n <= $RECORDS
            then jsonb_build_object('kind', 'summit', 'title', jsonb_build_object('en', 'Record ' || n), 'aliases', '{}'::jsonb,
                                    'summary', '{}'::jsonb, 'tags', '[]'::jsonb, 'timeZone', null)
            else jsonb_build_object('summary', jsonb_build_object('en', 'Summary ' || n || ' of a record revised by a bench')) end,
       case when n <= $RECORDS then 'record_created.v1' else 'summary_revised.v1' end,
       timestamptz '2026-01-01' + n * interval '1 millisecond', '*DEFAULT*',
       case when n <= $RECORDS then 'Chronology.Domain.Records.RecordCreated, Chronology.Domain' else 'Chronology.Domain.Records.SummaryRevised, Chronology.Domain' end,
       jsonb_build_object('revision', (n - 1) / $RECORDS + 1, 'editor', 'bench', 'comment', null, 'correction', false),
       false
from generate_series(1, $EVENTS) n;
select setval('chronology.mt_events_sequence', $EVENTS);
SQL
echo "loaded $EVENTS events in $(echo "$(seconds) - $start" | bc) s"

start=$(seconds)
dotnet "$WORKER" projections rebuild -p log >"$work/rebuild.log" 2>&1 || { tail -20 "$work/rebuild.log"; exit 1; }
built=$(echo "$(seconds) - $start" | bc)
entries=$(psql_db -t -A -c 'select count(*) from chronology.mt_doc_logentry')
echo "built the log ($entries entries) in $built s"

# The worker signs a head over the whole log within seconds of starting (it reads every leaf hash once).
dotnet "$WORKER" >"$work/worker.log" 2>&1 &
worker_pid=$!
start=$(seconds)
for _ in $(seq 1 600); do
  [ "$(psql_db -t -A -c 'select coalesce(max(id), 0) from chronology.mt_doc_signedtreehead')" -ge "$entries" ] && break
  sleep 0.5
done
echo "signed a tree head of size $(psql_db -t -A -c 'select max(id) from chronology.mt_doc_signedtreehead') $(echo "$(seconds) - $start" | bc) s after the worker started"
kill "$worker_pid"; wait "$worker_pid" 2>/dev/null || true; worker_pid=

start=$(seconds)
dotnet "$WORKER" verify 2>&1 | grep -v -e 'Searching' -e 'for commands' -e 'PublicKeyToken' -e '^ *$'
echo "verify took $(echo "$(seconds) - $start" | bc) s (process start included)"
