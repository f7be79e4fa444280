#!/usr/bin/env bash
# Chronology's benchmark: every scenario, against the local PostgreSQL (deploy/postgres.sh), over HTTP on loopback.
#
# Usage: bench/run.sh            full run; writes bench/results/<date>-<commit>.md|json
#        bench/run.sh --rebuild-events N   the same with N events (N/20 records) in the rebuild scenario instead of
#                                1,000,000 (loading and rebuilding a million events takes long on a small machine)
#        bench/run.sh --only edits,lag   only these scenarios (and the cold start, which starts the processes); results
#                                go to bench/results/raw/ (a partial run is not a full measurement)
#        bench/run.sh --only lag --lag-rate 280   the lag scenario alone, at a given edit rate
#        bench/run.sh --only rebuild --rebuild-projections records   rebuild only the named projections
#        bench/run.sh --only logcost --runs 8   every figure measured 8 times instead of 3
#        bench/run.sh --only import   the bulk import (1,000,000 lines over 50,000 records) against psql \copy
#        bench/run.sh --quick    proves the harness end to end in well under a minute (after the build); asserts no
#                                timings; writes bench/results/raw/quick-<date>-<commit>.md|json (ignored by git)
#
# Every process (API, worker, CRUD peer) is a Release build started and stopped by the driver, on its own port,
# against the database chronology_bench, which is dropped and created afresh at every run. See bench/README.md.
set -euo pipefail
cd "$(dirname -- "$(readlink -f -- "$0")")/.."

mode=()
command="bench/run.sh${1:+ $*}"
while [[ $# -gt 0 ]]; do
  case $1 in
    --quick) mode+=(--quick); shift ;;
    --rebuild-events) [[ ${2:-} =~ ^[0-9]+$ ]] || { echo "run.sh: --rebuild-events needs a number" >&2; exit 2; }
                      mode+=(--rebuild-events "$2"); shift 2 ;;
    --runs) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --runs needs a positive number" >&2; exit 2; }
            mode+=(--runs "$2"); shift 2 ;;
    --lag-rate) [[ ${2:-} =~ ^[0-9]+$ ]] || { echo "run.sh: --lag-rate needs edits per second" >&2; exit 2; }
                mode+=(--lag-rate "$2"); shift 2 ;;
    --rebuild-projections) [[ -n ${2:-} ]] || { echo "run.sh: --rebuild-projections needs names (records,revisions,changes)" >&2; exit 2; }
                           mode+=(--rebuild-projections "$2"); shift 2 ;;
    --only) [[ -n ${2:-} ]] || { echo "run.sh: --only needs scenario keys (coldstart ceiling peer edits hot lag timetravel reads logcost import rebuild)" >&2; exit 2; }
            mode+=(--only "$2"); shift 2 ;;
    *) echo "usage: bench/run.sh [--quick] [--rebuild-events N (default 1000000)] [--only key,key,...] [--runs N] [--lag-rate N] [--rebuild-projections a,b]" >&2; exit 2 ;;
  esac
done

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
DB=chronology_bench

deploy/postgres.sh start
CHRONOLOGY_PG_DB=postgres deploy/postgres.sh psql -X -q -v ON_ERROR_STOP=1 \
  -c "drop database if exists $DB with (force)" >/dev/null
deploy/postgres.sh createdb "$DB"
CONNECTION=$(CHRONOLOGY_PG_DB=$DB deploy/postgres.sh url)

PGBENCH=$(ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -n 1)
[[ -x $PGBENCH ]] || { echo "run.sh: pgbench not found under /usr/lib/postgresql/*/bin (Debian's postgresql package ships it)" >&2; exit 1; }

# One build of everything the benchmark runs (bench/Bench.sln: Domain, Api, Worker, CrudPeer, the driver), in Release.
# BENCH_NO_BUILD=1 skips it when the caller has just built them.
if [[ ${BENCH_NO_BUILD:-} != 1 ]]; then
  echo "run.sh: building bench/Bench.sln (Release)"
  dotnet build bench/Bench.sln -c Release -nologo -v q -clp:ErrorsOnly
fi

commit=$(git rev-parse --short HEAD)
# Uncommitted changes outside the results make the figures belong to no commit: say so in the file name.
if [[ -n $(git status --porcelain -- . ':(exclude)bench/results') ]]; then commit="$commit-dirty"; fi

exec dotnet bench/Chronology.Bench/bin/Release/net10.0/Chronology.Bench.dll \
  --repo . --connection "$CONNECTION" --commit "$commit" --pgbench "$PGBENCH" \
  --command "$command" "${mode[@]}"
