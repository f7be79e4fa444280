#!/usr/bin/env bash
# A second PostgreSQL server on this machine for chronologies with databases of their own (README: Chronologies):
# its own data folder and port, loopback only, started by deploy/postgres.sh like the first one.
#
# Usage: deploy/shards.sh start|stop|restart [MODE]|status|url|psql [args]|createdb NAME
#   (the actions of deploy/postgres.sh, applied to the shard server)
#
# Environment overrides:
#   CHRONOLOGY_SHARD_DATA  data folder  (default /var/tmp/chronology-pg/shard-1)
#   CHRONOLOGY_SHARD_PORT  TCP port     (default 55444)
#   CHRONOLOGY_PG_DB       database for start, url and psql (default chronology)
set -euo pipefail
here=$(dirname -- "$(readlink -f -- "$0")")
# A server of its own, never a standby of the first.
unset CHRONOLOGY_PG_PRIMARY_PORT
export CHRONOLOGY_PG_DATA=${CHRONOLOGY_SHARD_DATA:-/var/tmp/chronology-pg/shard-1}
export CHRONOLOGY_PG_PORT=${CHRONOLOGY_SHARD_PORT:-55444}
exec "$here/postgres.sh" "$@"
