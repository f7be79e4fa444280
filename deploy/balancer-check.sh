#!/usr/bin/env bash
# kill -9 of one of two APIs behind HAProxy, under load: starts deploy/balanced.sh on a database of its own, writes
# with 8 clients through HAProxy (each edit with an Idempotency-Key, retried with it until answered), kills one API
# after 3 s, writes 4 s more, then reports the failed attempts (at most the 8 requests in flight may fail) and checks
# every acknowledged edit against the events stored (0 lost). Exits 1 when either promise is broken.
#
# Usage: deploy/balancer-check.sh
# Environment: CHRONOLOGY_LB_PORT, CHRONOLOGY_API_PORTS, CHRONOLOGY_WORKER_PORT (as balanced.sh; defaults 5080,
#   "5081 5082", 5089), CHRONOLOGY_PG_DB (default chronology_balancer_check: emptied first).
set -euo pipefail
cd "$(dirname -- "$(readlink -f -- "$0")")/.."

export CHRONOLOGY_PG_DB=${CHRONOLOGY_PG_DB:-chronology_balancer_check}
export CHRONOLOGY_BALANCED_DIR=${CHRONOLOGY_BALANCED_DIR:-/var/tmp/chronology-balancer-check}
export CHRONOLOGY_EDITOR_KEY=balancer-check-editor-key
CLIENTS=8
LB=http://127.0.0.1:${CHRONOLOGY_LB_PORT:-5080}
RUN=$CHRONOLOGY_BALANCED_DIR/run

for tool in curl jq; do
  command -v "$tool" >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q "$tool" >/dev/null; }
done
deploy/postgres.sh start
CHRONOLOGY_PG_DB=postgres deploy/postgres.sh psql -qc "drop database if exists $CHRONOLOGY_PG_DB with (force)"
trap 'deploy/balanced.sh stop' EXIT
deploy/balanced.sh start
rm -rf -- "$RUN" && mkdir -p -- "$RUN"

post() { # path, body, key, answer file -> prints the status (000: no answer)
  curl -s -m 30 -o "$4" -w '%{http_code}' -X POST "$LB$1" -H "Authorization: Bearer $CHRONOLOGY_EDITOR_KEY" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: $3" -d "$2" || true
}

records=()
for i in 1 2 3 4; do
  [[ $(post /records "{\"kind\":\"summit\",\"title\":{\"en\":\"Summit $i\"},\"timeZone\":\"Asia/Seoul\"}" "record-$i" "$RUN/created") == 201 ]] ||
    { echo "balancer-check.sh: could not create a record" >&2; exit 1; }
  records+=("$(jq -r .id "$RUN/created")")
done

writer() { # client number: writes until $RUN/stop exists; logs "ack record revision" and "failed status" lines
  local client=$1 n=0 key status
  while [[ ! -e $RUN/stop ]]; do
    n=$((n + 1)); key="client$client-$n"
    local record=${records[$(( (client + n) % ${#records[@]} ))]}
    for _ in $(seq 1 100); do
      status=$(post "/records/$record/outcomes" "{\"text\":{\"en\":\"$key\"}}" "$key" "$RUN/answer$client")
      if [[ $status == 2* ]]; then echo "ack $record $(jq .revision "$RUN/answer$client")"; break; fi
      echo "failed $status"
      sleep 0.2
    done
  done >"$RUN/client$client.log"
}

for client in $(seq 1 $CLIENTS); do writer "$client" & done
sleep 3
before=$(cat "$RUN"/client*.log | grep -c '^ack' || true)
kill -9 "$(cat "$CHRONOLOGY_BALANCED_DIR/api1.pid")"
echo "balancer-check.sh: killed api1 (kill -9) after $before acknowledged edits" >&2
sleep 4
touch "$RUN/stop"
wait

acknowledged=$(cat "$RUN"/client*.log | grep -c '^ack' || true)
failed=$(cat "$RUN"/client*.log | grep -c '^failed' || true)
failures=$(cat "$RUN"/client*.log | awk '$1 == "failed" { print $2 }' | sort | uniq -c | xargs)
# Every acknowledged (record, revision) among the events stored.
cat "$RUN"/client*.log | awk '$1 == "ack" { print $2, $3 }' | sort -u >"$RUN/acknowledged"
deploy/postgres.sh psql -Atq -F ' ' -c "select distinct stream_id, headers ->> 'revision' from chronology.mt_events" | sort -u >"$RUN/stored"
lost=$(comm -23 "$RUN/acknowledged" "$RUN/stored" | wc -l)

echo "clients: $CLIENTS; acknowledged edits: $acknowledged ($before before the kill, $((acknowledged - before)) after);" \
     "failed attempts, each retried with its key: $failed (${failures:-none}); acknowledged edits lost: $lost"
(( lost == 0 )) || { echo "balancer-check.sh: $lost acknowledged edits are not in the events" >&2; exit 1; }
(( failed <= CLIENTS )) || { echo "balancer-check.sh: $failed attempts failed, more than the $CLIENTS in flight" >&2; exit 1; }
(( acknowledged > before )) || { echo "balancer-check.sh: no edit acknowledged after the kill" >&2; exit 1; }
