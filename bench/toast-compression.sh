#!/usr/bin/env bash
# What PostgreSQL's compression of large documents costs per rewrite, pglz (the server's default) against lz4 (what
# Chronology's connections ask for, ChronologyStore.Tuned): the write states (mt_doc_record) left by the last
# bench/run.sh in chronology_bench, copied into a database of their own and each rewritten (as an edit does)
# ROUNDS times with each method, alternating. Needs no lock: it does not touch chronology_bench's schema beyond reading it.
#
# Usage: bench/toast-compression.sh [rounds (default 6)]
set -euo pipefail
cd "$(dirname -- "$(readlink -f -- "$0")")/.."
rounds=${1:-6}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "usage: bench/toast-compression.sh [rounds]" >&2; exit 2; }
db=chronology_bench_toast
documents=$(mktemp)
trap 'rm -f "$documents"' EXIT

CHRONOLOGY_PG_DB=chronology_bench deploy/postgres.sh psql -X -q -v ON_ERROR_STOP=1 \
  -c "\\copy (select row_number() over (), data::text from bench.mt_doc_record) to '$documents'"
CHRONOLOGY_PG_DB=postgres deploy/postgres.sh psql -X -q -v ON_ERROR_STOP=1 -c "drop database if exists $db with (force)" >/dev/null
deploy/postgres.sh createdb "$db" >/dev/null

CHRONOLOGY_PG_DB=$db deploy/postgres.sh psql -X -q -v ON_ERROR_STOP=1 <<SQL
create table source (n int primary key, data text);
\\copy source from '$documents'
create table with_pglz (id int primary key, data jsonb compression pglz);
create table with_lz4 (id int primary key, data jsonb compression lz4);
insert into with_pglz select n, data::jsonb from source;
insert into with_lz4 select n, data::jsonb from source;
create table timings (method text, round int, ms float8);
-- Each rewrite parses the text into a new jsonb value, as an upsert from a client does, so every value is compressed anew.
do \$\$
declare started timestamptz;
begin
  for round in 1..$rounds loop
    started := clock_timestamp();
    update with_pglz t set data = s.data::jsonb from source s where s.n = t.id;
    insert into timings values ('pglz', round, extract(epoch from clock_timestamp() - started) * 1000);
    started := clock_timestamp();
    update with_lz4 t set data = s.data::jsonb from source s where s.n = t.id;
    insert into timings values ('lz4', round, extract(epoch from clock_timestamp() - started) * 1000);
  end loop;
end
\$\$;
\\pset footer off
select count(*) as documents, round(avg(length(data))) as "average JSON bytes",
       (select round(avg(pg_column_size(data))) from with_pglz) as "stored bytes, pglz",
       (select round(avg(pg_column_size(data))) from with_lz4) as "stored bytes, lz4"
from source;
select method, round(percentile_cont(0.5) within group (order by ms)::numeric * 1000 / (select count(*) from source), 1) as "µs per rewrite (median of rounds)",
       round(min(ms)::numeric * 1000 / (select count(*) from source), 1) as "best round"
from timings group by method order by method desc;
SQL
CHRONOLOGY_PG_DB=postgres deploy/postgres.sh psql -X -q -c "drop database $db with (force)" >/dev/null
