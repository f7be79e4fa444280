#!/usr/bin/env bash
# Local PostgreSQL for Chronology's tests, benchmarks and development.
#
# Runs a private server (its own data folder, its own port, loopback only) from
# Debian's PostgreSQL binaries. It deliberately does not use pg_ctlcluster or
# Debian's default cluster: that cluster may or may not exist or run, and we do
# not want our settings or our data to depend on it (nor to disturb it).
#
# Usage: deploy/postgres.sh start|stop [MODE]|restart [MODE]|status|url|psql [args]|createdb NAME
#
#   start          install PostgreSQL if missing, initdb if needed, start the
#                  server, create $CHRONOLOGY_PG_DB and enable pg_trgm in it.
#                  Quick no-op when the server already runs.
#   stop [MODE]    stop the server; fine when it is not running. MODE is
#                  pg_ctl's shutdown mode: fast (the default) or immediate (a
#                  crash: no checkpoint, recovery on start), which the fault
#                  tests use.
#   restart [MODE] restart the running server and wait until it accepts
#                  connections; MODE as for stop.
#   status         print running/stopped and the connection string;
#                  exit 0 when running, 3 when stopped.
#   url            print the Npgsql connection string.
#   psql [args]    run psql against the database.
#   createdb NAME  create database NAME if missing and enable pg_trgm in it.
#
# Environment overrides:
#   CHRONOLOGY_PG_DATA  data folder       (default /var/tmp/chronology-pg/data)
#   CHRONOLOGY_PG_PORT  TCP port          (default 55432)
#   CHRONOLOGY_PG_DB    database name     (default chronology)
#   CHRONOLOGY_PG_PRIMARY_PORT  when set, this server is a hot standby of the
#                       server on that port: its data folder is a pg_basebackup
#                       of it and it follows it by streaming replication
#                       (deploy/standby.sh sets this).
set -euo pipefail

# The default data folder lives outside any checkout: the server runs as the
# `postgres` user, which cannot reach folders under /root.
DATA=${CHRONOLOGY_PG_DATA:-/var/tmp/chronology-pg/data}
PORT=${CHRONOLOGY_PG_PORT:-55432}
DB=${CHRONOLOGY_PG_DB:-chronology}
PRIMARY_PORT=${CHRONOLOGY_PG_PRIMARY_PORT:-}

# Normalise (absolute, no trailing slash) so that the parent folder, the log
# file and the socket path below are well defined.
DATA=$(realpath -m -- "$DATA")
RUN_DIR=$(dirname -- "$DATA")          # holds the unix socket and the log
LOG_FILE="$DATA.log"                   # beside the data folder, survives re-initdb
SUPERUSER=postgres
HOST=127.0.0.1

die() { echo "postgres.sh: $*" >&2; exit 1; }
say() { echo "postgres.sh: $*" >&2; }   # stderr: keep stdout clean for `url`

[[ $PORT =~ ^[0-9]+$ ]] || die "CHRONOLOGY_PG_PORT must be a number, got '$PORT'"
[[ -z $PRIMARY_PORT || $PRIMARY_PORT =~ ^[0-9]+$ ]] || die "CHRONOLOGY_PG_PRIMARY_PORT must be a number, got '$PRIMARY_PORT'"

# The server refuses to run as root. As root we run server-side commands as the
# `postgres` user; otherwise as ourselves (a developer's own private server).
# `cd /` first: the caller's working folder (say a checkout under /root) may be
# unreachable for postgres, and initdb/pg_ctl complain about that.
if [[ $(id -u) -eq 0 ]]; then
  RUN_AS_ROOT=1
  as_server() { (cd / && runuser -u postgres -- "$@"); }
else
  RUN_AS_ROOT=0
  as_server() { (cd / && "$@"); }
fi

# --- binaries ----------------------------------------------------------------

# Newest installed major version under /usr/lib/postgresql/*/bin, or empty.
find_bin_dir() {
  local dir best="" best_ver=-1 ver
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x $dir/postgres && -x $dir/initdb && -x $dir/pg_ctl ]] || continue
    ver=$(basename -- "$(dirname -- "$dir")")
    [[ $ver =~ ^[0-9]+$ ]] || continue
    if (( ver > best_ver )); then best=$dir; best_ver=$ver; fi
  done
  echo "$best"
}

BIN=$(find_bin_dir)

ensure_binaries() {
  [[ -n $BIN ]] && return 0
  (( RUN_AS_ROOT )) || die "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin; install them as root: apt-get install postgresql"
  say "PostgreSQL server binaries missing; installing Debian's postgresql package"
  # Non-interactive: CI runs without stdin. If the package's post-install starts
  # Debian's default cluster on 5432, that is fine: we leave it alone.
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y postgresql
  BIN=$(find_bin_dir)
  [[ -n $BIN ]] || die "installed postgresql but found no binaries under /usr/lib/postgresql/*/bin"
}

# Client tools: use the ones matching the server rather than /usr/bin's
# pg_wrapper, whose choice depends on Debian's cluster configuration.
client_bin() {
  if [[ -n $BIN && -x $BIN/$1 ]]; then echo "$BIN/$1"
  elif command -v "$1" >/dev/null; then command -v "$1"
  else die "$1 not found; run '$0 start' first (it installs PostgreSQL)"
  fi
}

# --- state -------------------------------------------------------------------

# Is *our* server (the one owning $DATA) alive? pg_ctl status only reads
# postmaster.pid and probes the process, so it is cheap.
our_server_running() {
  [[ -n $BIN && -f $DATA/PG_VERSION ]] || return 1
  as_server "$BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1
}

# Port our running server listens on (line 4 of postmaster.pid).
running_port() { sed -n 4p "$DATA/postmaster.pid" 2>/dev/null || true; }

# Does anything speaking PostgreSQL accept connections on $HOST:$PORT?
port_accepts() {
  # -U/-d: otherwise it names the caller (root) and the server logs a FATAL.
  "$(client_bin pg_isready)" -q -h "$HOST" -p "$PORT" -U "$SUPERUSER" -d postgres -t "${1:-1}"
}

connection_string() { echo "Host=$HOST;Port=$PORT;Database=$1;Username=$SUPERUSER"; }

# psql for our own queries: no ~/.psqlrc, stop on the first error, quiet, and
# no NOTICEs such as "extension already exists, skipping".
run_psql() {
  PGOPTIONS='-c client_min_messages=warning' \
    "$(client_bin psql)" -X -q -v ON_ERROR_STOP=1 -h "$HOST" -p "$PORT" -U "$SUPERUSER" "$@"
}

# --- data folder -------------------------------------------------------------

prepare_run_dir() {
  if [[ ! -d $RUN_DIR ]]; then
    mkdir -p -- "$RUN_DIR"
    # The server writes its socket and log here.
    if (( RUN_AS_ROOT )); then chown postgres:postgres -- "$RUN_DIR"; fi
  fi
  # Reaching $RUN_DIR needs search permission on every ancestor, so one check
  # as the server user covers the whole path (e.g. a folder under /root fails).
  as_server test -x "$RUN_DIR" -a -w "$RUN_DIR" ||
    die "$RUN_DIR must be traversable and writable by the server user ($(as_server id -un)); choose another CHRONOLOGY_PG_DATA or fix its permissions"
  # A unix socket path is limited to 107 bytes.
  local socket="$RUN_DIR/.s.PGSQL.$PORT"
  (( ${#socket} <= 107 )) || die "socket path $socket is too long; use a shorter CHRONOLOGY_PG_DATA"
}

init_data_dir() {
  if [[ -f $DATA/PG_VERSION ]]; then
    [[ -n $PRIMARY_PORT ]] || return 0
    if copy_of_another_primary; then
      # The primary was initialised again since this copy was made: its WAL cannot continue this copy.
      say "$DATA is a copy of another primary; copying the primary again"
    elif ! slot_usable; then
      say "$DATA has no usable replication slot on the primary (the WAL it needs may be gone); copying the primary again"
    else
      return 0
    fi
    rm -rf -- "$DATA"
  fi
  if [[ -n $PRIMARY_PORT ]]; then copy_primary; return; fi
  # initdb accepts an existing empty folder only if the server user owns it.
  if [[ -d $DATA ]] && (( RUN_AS_ROOT )) && [[ -z $(ls -A -- "$DATA") ]]; then
    chown postgres:postgres -- "$DATA"
  fi
  say "initialising $DATA"
  # UTF8 with the C.UTF-8 locale: deterministic sorting, full Unicode character
  # classes (pg_trgm), and no dependence on the caller's LANG. Trust auth is
  # acceptable because pg_hba's host lines only cover loopback and the server
  # listens on 127.0.0.1 only.
  as_server "$BIN/initdb" -D "$DATA" -U "$SUPERUSER" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=trust >/dev/null
  # Our settings live in a file of their own, rewritten at every start (so a
  # changed port takes effect) and included last so that they win.
  echo "include_if_exists = 'chronology.conf'" | as_server tee -a "$DATA/postgresql.conf" >/dev/null
}

# A standby starts as a copy of the primary (every database, our settings included) and, with
# --write-recovery-conf, the standby.signal file and primary_conninfo that make it follow the primary's WAL.
# The primary's pg_hba already trusts replication connections from loopback (initdb's defaults).
copy_primary() {
  "$(client_bin pg_isready)" -q -h "$HOST" -p "$PRIMARY_PORT" -U "$SUPERUSER" -d postgres -t 30 ||
    die "the primary on $HOST:$PRIMARY_PORT does not answer; start it first (deploy/postgres.sh start)"
  say "copying the primary on $HOST:$PRIMARY_PORT into $DATA (pg_basebackup)"
  primary_psql -c "select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = '$(slot_name)' and not active" >/dev/null
  as_server "$(client_bin pg_basebackup)" -h "$HOST" -p "$PRIMARY_PORT" -U "$SUPERUSER" -D "$DATA" \
    --wal-method=stream --write-recovery-conf --checkpoint=fast --no-password --create-slot --slot="$(slot_name)"
}

# A standby follows the primary through a replication slot of its own, so the primary keeps every WAL segment the
# standby has not received yet: without one, a standby stopped (or slow) while the primary wrote a few GB of WAL
# could never catch up ("requested WAL segment ... has already been removed") and kept serving old data.
# max_slot_wal_keep_size caps what a slot may hold; beyond it the slot is lost and the next start copies again.
slot_name() { echo "chronology_standby_$PORT"; }

primary_psql() { "$(client_bin psql)" -X -Atq -h "$HOST" -p "$PRIMARY_PORT" -U "$SUPERUSER" -d postgres "$@"; }

slot_usable() {
  local status
  status=$(primary_psql -c "select wal_status from pg_replication_slots where slot_name = '$(slot_name)'")
  [[ $status == reserved || $status == extended || $status == unreserved ]]
}

copy_of_another_primary() {
  local ours theirs
  ours=$(as_server "$BIN/pg_controldata" -D "$DATA" | awk -F: '/Database system identifier/ { gsub(/ /, "", $2); print $2 }')
  theirs=$("$(client_bin psql)" -X -Atq -h "$HOST" -p "$PRIMARY_PORT" -U "$SUPERUSER" -d postgres -c 'select system_identifier from pg_control_system()')
  [[ $ours != "$theirs" ]]
}

# Quote a value for postgresql.conf.
conf_quote() { printf "'%s'" "${1//\'/\'\'}"; }

write_settings() {
  as_server tee "$DATA/chronology.conf" >/dev/null <<EOF
# Written by deploy/postgres.sh at every start; edit the script, not this file.
listen_addresses = '$HOST'                 # loopback only
port = $PORT
unix_socket_directories = $(conf_quote "$RUN_DIR")   # /var/run/postgresql may not exist

# Sized for tests and benchmarks on a 2-core / 24 GiB machine.
max_connections = 300                      # parallel test collections, load tests
shared_buffers = 512MB
effective_cache_size = 16GB                # planner hint: the OS cache is large
work_mem = 16MB
maintenance_work_mem = 256MB
max_wal_size = 4GB                         # fewer forced checkpoints under write load
max_slot_wal_keep_size = 8GB               # a standby left stopped cannot fill the disk (its slot is lost instead)
jit = off                                  # JIT compile time hurts short OLTP queries

# Durability stays on: benchmark numbers must be honest.
fsync = on
synchronous_commit = on
full_page_writes = on

# Per-statement cost figures for the benchmark (bench/README.md): a few percent of overhead at most.
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all             # statements inside functions too (mt_quick_append_events)

timezone = 'UTC'                           # reproducible timestamps in tests
log_timezone = 'UTC'
EOF
  if [[ -n $PRIMARY_PORT ]]; then
    # Read-only queries while it replays the primary's WAL.
    echo "hot_standby = on" | as_server tee -a "$DATA/chronology.conf" >/dev/null
  fi
}

# --- databases ---------------------------------------------------------------

# Create database $1 if missing and enable pg_trgm in it. psql variables are
# interpolated only in scripts read from stdin, not in -c, hence the heredocs;
# format(%I) quotes the name.
ensure_database() {
  local name=$1
  run_psql -d postgres -v db="$name" <<'SQL'
select format('create database %I', :'db')
where not exists (select from pg_database where datname = :'db') \gexec
SQL
  # pg_trgm ships in Debian's postgresql-NN package (postgresql-contrib is an
  # empty dependency package in Debian 12).
  run_psql -d "$name" -c 'create extension if not exists pg_trgm'
}

require_running() {
  our_server_running || die "server is not running (data folder $DATA); run '$0 start' first"
}

# --- commands ----------------------------------------------------------------

cmd_start() {
  ensure_binaries
  if [[ -n $PRIMARY_PORT ]] && our_server_running && ! slot_usable; then
    say "the standby cannot follow the primary (no usable replication slot); stopping it to copy the primary again"
    cmd_stop
  fi
  if our_server_running; then
    local port
    port=$(running_port)
    [[ $port == "$PORT" ]] ||
      die "server for $DATA already runs on port $port, not $PORT; run '$0 stop' first"
    # It may still be starting up (or recovering); wait for it.
    port_accepts 30 || die "server for $DATA runs but does not accept connections; see $LOG_FILE"
  else
    # Someone else's server on our port would be mistaken for ours.
    if port_accepts 1; then
      die "another server already listens on $HOST:$PORT; set CHRONOLOGY_PG_PORT"
    fi
    prepare_run_dir
    init_data_dir
    write_settings
    say "starting PostgreSQL ($BIN) on $HOST:$PORT, data $DATA, log $LOG_FILE"
    as_server "$BIN/pg_ctl" start -w -t 120 -D "$DATA" -l "$LOG_FILE" >/dev/null ||
      { tail -n 20 -- "$LOG_FILE" >&2 || true; die "server failed to start; see $LOG_FILE"; }
  fi
  # A standby is read-only: its databases are the primary's.
  [[ -n $PRIMARY_PORT ]] || ensure_database "$DB"
}

shutdown_mode() {
  local mode=${1:-fast}
  [[ $mode == fast || $mode == immediate ]] || die "shutdown mode must be fast or immediate, got '$mode'"
  echo "$mode"
}

cmd_stop() {
  local mode
  mode=$(shutdown_mode "$@")
  if our_server_running; then
    as_server "$BIN/pg_ctl" stop -w -t 120 -m "$mode" -D "$DATA" >/dev/null
    say "stopped"
  else
    say "not running"
  fi
}

cmd_restart() {
  local mode
  mode=$(shutdown_mode "$@")
  require_running
  as_server "$BIN/pg_ctl" restart -w -t 120 -m "$mode" -D "$DATA" -l "$LOG_FILE" >/dev/null
  port_accepts 30 || die "server for $DATA did not come back; see $LOG_FILE"
}

cmd_status() {
  if our_server_running; then
    echo "running: $(connection_string "$DB") (data $DATA)"
  else
    echo "stopped: $(connection_string "$DB") (data $DATA)"
    exit 3
  fi
}

usage() {
  sed -n '/^# Usage:/,/^# *CHRONOLOGY_PG_DB/s/^# \{0,1\}//p' "$0" >&2
  exit 2
}

cmd=${1:-}
[[ $# -gt 0 ]] && shift
case $cmd in
  start)    [[ $# -eq 0 ]] || usage; cmd_start ;;
  stop)     [[ $# -le 1 ]] || usage; cmd_stop "$@" ;;
  restart)  [[ $# -le 1 ]] || usage; cmd_restart "$@" ;;
  status)   [[ $# -eq 0 ]] || usage; cmd_status ;;
  url)      [[ $# -eq 0 ]] || usage; connection_string "$DB" ;;
  psql)     exec "$(client_bin psql)" -h "$HOST" -p "$PORT" -U "$SUPERUSER" -d "$DB" "$@" ;;
  createdb) [[ $# -eq 1 && -n $1 ]] || usage; require_running; ensure_database "$1" ;;
  *)        usage ;;
esac
