#!/usr/bin/env bash
# Two (or more) Chronology APIs behind HAProxy, and a worker, on this machine (loopback only), on the local PostgreSQL:
# the set-up of README's "Several API nodes". Built in Release first, like run.sh.
#
# Usage: deploy/balanced.sh start|stop
#
# Environment overrides:
#   CHRONOLOGY_LB_PORT     HAProxy's port                     (default 5080)
#   CHRONOLOGY_API_PORTS   the APIs' ports, space-separated     (default "5081 5082")
#   CHRONOLOGY_WORKER_PORT the worker's health/metrics port     (default 5089)
#   CHRONOLOGY_PG_DB       database                             (default chronology)
#   CHRONOLOGY_EDITOR_KEY, CHRONOLOGY_ADMIN_KEY                 (as run.sh)
#   CHRONOLOGY_BALANCED_DIR  logs and pid files                 (default /var/tmp/chronology-balanced)
set -euo pipefail
cd "$(dirname -- "$(readlink -f -- "$0")")/.."

export CHRONOLOGY_LB_PORT=${CHRONOLOGY_LB_PORT:-5080}
export CHRONOLOGY_API_PORTS=${CHRONOLOGY_API_PORTS:-5081 5082}
WORKER_PORT=${CHRONOLOGY_WORKER_PORT:-5089}
DATABASE=${CHRONOLOGY_PG_DB:-chronology}
DIR=${CHRONOLOGY_BALANCED_DIR:-/var/tmp/chronology-balanced}
export CHRONOLOGY_LB_DIR=$DIR/haproxy

start_process() { # name, project, port
  local name=$1 project=$2 port=$3
  (cd "src/$project/bin/Release/net10.0" && exec dotnet "$project.dll" --urls "http://127.0.0.1:$port") >"$DIR/$name.log" 2>&1 &
  echo $! >"$DIR/$name.pid"
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && { echo "balanced.sh: $name ready on port $port" >&2; return 0; }
    kill -0 "$(cat "$DIR/$name.pid")" 2>/dev/null || { tail -5 "$DIR/$name.log" >&2; echo "balanced.sh: $name stopped; see $DIR/$name.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "balanced.sh: $name not ready after 60 s; see $DIR/$name.log" >&2
  exit 1
}

cmd_start() {
  command -v curl >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q curl >/dev/null; }
  mkdir -p -- "$DIR"
  deploy/postgres.sh start
  deploy/postgres.sh createdb "$DATABASE" >/dev/null
  dotnet build Chronology.sln -c Release -v quiet -nologo >/dev/null
  export ConnectionStrings__chronology
  ConnectionStrings__chronology=$(CHRONOLOGY_PG_DB=$DATABASE deploy/postgres.sh url)
  export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Production} DOTNET_ENVIRONMENT=${DOTNET_ENVIRONMENT:-Production}
  export Auth__Principals__0__Name=editor Auth__Principals__0__Key=${CHRONOLOGY_EDITOR_KEY:-dev-editor-key-change-me} Auth__Principals__0__Roles__0=editor
  export Auth__Principals__1__Name=admin Auth__Principals__1__Key=${CHRONOLOGY_ADMIN_KEY:-dev-admin-key-change-me} Auth__Principals__1__Roles__0=admin Auth__Principals__1__Roles__1=editor
  # The worker applies the schema (the APIs do so only in Development), so it starts first.
  start_process worker Chronology.Worker "$WORKER_PORT"
  local n=0
  for port in $CHRONOLOGY_API_PORTS; do
    n=$((n + 1))
    start_process "api$n" Chronology.Api "$port"
  done
  deploy/haproxy.sh start
}

cmd_stop() {
  deploy/haproxy.sh stop
  for pid_file in "$DIR"/*.pid; do
    [[ -f $pid_file ]] || continue
    kill "$(cat "$pid_file")" 2>/dev/null || true
    rm -f -- "$pid_file"
  done
  echo "balanced.sh: stopped (PostgreSQL keeps running: deploy/postgres.sh stop)" >&2
}

case ${1:-} in
  start) cmd_start ;;
  stop)  cmd_stop ;;
  *)     sed -n '/^# Usage:/,/^#   CHRONOLOGY_BALANCED_DIR/s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
