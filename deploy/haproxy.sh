#!/usr/bin/env bash
# HAProxy in front of several Chronology APIs on this machine, loopback only. Each API is checked on /health/ready
# every 500 ms and taken out after two failed checks; a request whose connection to an API fails before it was sent is
# sent to another API (retries + redispatch). Requests already sent to an API that dies fail (502): HAProxy never
# resends a request that may have reached an API, so no write is applied twice behind the client's back.
#
# Usage: deploy/haproxy.sh start|stop|status
#   start    install haproxy if missing (Debian package), write the configuration, start it in the background
#   stop     stop it; fine when it is not running
#   status   running/stopped and the address; exit 3 when stopped
#
# Environment overrides:
#   CHRONOLOGY_LB_PORT    port HAProxy listens on           (default 5080)
#   CHRONOLOGY_API_PORTS  ports of the APIs, space-separated (default "5081 5082")
#   CHRONOLOGY_LB_DIR     configuration and pid file         (default /var/tmp/chronology-haproxy)
set -euo pipefail

PORT=${CHRONOLOGY_LB_PORT:-5080}
API_PORTS=${CHRONOLOGY_API_PORTS:-5081 5082}
DIR=${CHRONOLOGY_LB_DIR:-/var/tmp/chronology-haproxy}
HOST=127.0.0.1
CONFIG=$DIR/haproxy.cfg
PID_FILE=$DIR/haproxy.pid

die() { echo "haproxy.sh: $*" >&2; exit 1; }

for port in $PORT $API_PORTS; do [[ $port =~ ^[0-9]+$ ]] || die "ports must be numbers, got '$port'"; done

running() { [[ -f $PID_FILE ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

ensure_haproxy() {
  command -v haproxy >/dev/null && return 0
  [[ $(id -u) -eq 0 ]] || die "haproxy is not installed; as root: apt-get install haproxy"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q haproxy >/dev/null
  # The package may also start Debian's own instance (its default configuration); ours runs apart from it.
}

write_config() {
  mkdir -p -- "$DIR"
  {
    cat <<EOF
# Written by deploy/haproxy.sh at every start; edit the script, not this file.
global
    maxconn 4096

defaults
    mode http
    timeout connect 1s
    timeout client 60s
    timeout server 60s
    timeout http-request 10s
    # A connection that cannot be made is tried again, on another API (redispatch); a request that was sent is not.
    retries 3
    option redispatch 1
    retry-on conn-failure

frontend chronology
    bind $HOST:$PORT
    default_backend apis

backend apis
    balance leastconn
    option httpchk GET /health/ready
    http-check expect status 200
    # Checked every 500 ms; out after 2 failures, back after 2 successes.
    default-server check inter 500ms fall 2 rise 2
EOF
    local n=0
    for port in $API_PORTS; do
      n=$((n + 1))
      echo "    server api$n $HOST:$port"
    done
  } >"$CONFIG"
}

cmd_start() {
  ensure_haproxy
  if running; then echo "haproxy.sh: already running on $HOST:$PORT" >&2; return 0; fi
  write_config
  haproxy -c -q -f "$CONFIG" || die "invalid configuration $CONFIG"
  haproxy -D -f "$CONFIG" -p "$PID_FILE"
  echo "haproxy.sh: http://$HOST:$PORT -> APIs on port(s) $API_PORTS (config $CONFIG)" >&2
}

cmd_stop() {
  if running; then
    kill "$(cat "$PID_FILE")"
    rm -f -- "$PID_FILE"
    echo "haproxy.sh: stopped" >&2
  else
    echo "haproxy.sh: not running" >&2
  fi
}

case ${1:-} in
  start)   cmd_start ;;
  stop)    cmd_stop ;;
  status)  if running; then echo "running: $(grep -E '^ +(bind|server) ' "$CONFIG" | xargs)"; else echo "stopped"; exit 3; fi ;;
  *)       sed -n '/^# Usage:/,/^#   CHRONOLOGY_LB_DIR/s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
