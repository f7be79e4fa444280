#!/usr/bin/env bash
# A hot standby of the local PostgreSQL (deploy/postgres.sh) on this machine: its own data folder and port,
# loopback only, started from a pg_basebackup of the primary and kept up to date by streaming replication.
# The API serves historical reads from it when ConnectionStrings__standby names it (README).
#
# Usage: deploy/standby.sh start|stop|restart [MODE]|status|url|psql [args]
#   (the actions of deploy/postgres.sh, applied to the standby; databases are created on the primary)
#
# Environment overrides:
#   CHRONOLOGY_STANDBY_DATA  data folder        (default /var/tmp/chronology-pg/standby)
#   CHRONOLOGY_STANDBY_PORT  TCP port           (default 55433)
#   CHRONOLOGY_PG_PORT       the primary's port (default 55432)
#   CHRONOLOGY_PG_DB         database for url and psql (default chronology)
set -euo pipefail
here=$(dirname -- "$(readlink -f -- "$0")")
if [[ ${1:-} == createdb ]]; then
  echo "standby.sh: a standby is read-only; create the database on the primary (deploy/postgres.sh createdb)" >&2
  exit 2
fi
export CHRONOLOGY_PG_PRIMARY_PORT=${CHRONOLOGY_PG_PORT:-55432}
export CHRONOLOGY_PG_DATA=${CHRONOLOGY_STANDBY_DATA:-/var/tmp/chronology-pg/standby}
export CHRONOLOGY_PG_PORT=${CHRONOLOGY_STANDBY_PORT:-55433}
exec "$here/postgres.sh" "$@"
