#!/usr/bin/env bash
# Samples what the client backends of one database are doing, every half second until stopped:
# one line per backend and sample, "HH:MM:SS.mmm pid state wait_event_type:wait_event query…".
# Summarise a window (the average number of backends in each state and wait) with:
#   awk -v from=03:07:30 -v to=03:09:33 'substr($1,1,8)>=from && substr($1,1,8)<=to {t[$1]; n[$3" "$4]++}
#     END {for (k in n) printf "%6.2f %s\n", n[k]/length(t), k}' samples.txt | sort -rn
# Usage: bench/wait-events.sh [database, default chronology_bench] > samples.txt
set -euo pipefail
database=${1:-chronology_bench}
while sleep 0.5; do
  psql -h 127.0.0.1 -p "${PGPORT:-55432}" -U postgres -d postgres -At -F' ' -v database="$database" <<'SQL' || true
select to_char(now(), 'HH24:MI:SS.MS'), pid, replace(state, ' ', '_'),
       coalesce(wait_event_type, '-') || ':' || coalesce(wait_event, '-'), left(regexp_replace(query, '\s+', ' ', 'g'), 60)
from pg_stat_activity
where datname = :'database' and pid <> pg_backend_pid() and backend_type = 'client backend'
SQL
done
