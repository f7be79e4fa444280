# Shared by failover-check.sh and cluster-check.sh (sourced, never run): logging, the processes a check starts and
# stops, the build, and the workers of one Wolverine cluster with the projection agents they run.
#
# The sourcing script sets, before calling the functions that use them: WORK (its temporary folder; each worker n
# logs to $WORK/worker$n.log), SCHEMA (the store's schema), PROJECTIONS (the number of projection agents), and a
# function sql() that runs one statement on the primary and prints its rows unaligned.

API_DLL=src/Chronology.Api/bin/Release/net10.0/Chronology.Api.dll
# The worker is published ReadyToRun (precompiled), see build_if_stale.
WORKER_DIR=src/Chronology.Worker/bin/Release/ready-to-run
WORKER_DLL=$WORKER_DIR/Chronology.Worker.dll

say() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }
now() { date +%s.%N; }
since() { python3 -c "print(f'{$(now) - $1:.1f}')"; } # seconds since a now(), to a tenth
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

wait_for() { # description, timeout seconds, command...: runs the command every 0.2 s until it succeeds
  local what=$1 timeout=$2; shift 2
  local deadline=$(( $(date +%s) + timeout ))
  until "$@"; do
    (( $(date +%s) < deadline )) || die "$what: not within ${timeout}s"
    sleep 0.2
  done
}

# --- processes: the check stops only those it started, by their ids --------------------------------------------
PIDS=()
start() { # variable for the pid, log, command...: starts the command in the background
  local var=$1 log=$2; shift 2
  "$@" >"$log" 2>&1 &
  local started_pid=$!
  PIDS+=("$started_pid")
  printf -v "$var" '%s' "$started_pid"
}
stop_started() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
finish_logs() { # exit status, keep (1: keep the logs after a success too): a failure keeps them and shows their tails
  if (( $1 != 0 )); then
    say "logs kept in $WORK:"
    local log
    for log in "$WORK"/*.log; do
      [[ -f $log ]] || continue
      echo "----- $log (last 30 lines)" >&2
      tail -n 30 "$log" >&2 || true
    done
  elif [[ $2 == 1 ]]; then
    say "logs kept in $WORK"
  else
    rm -rf -- "$WORK"
  fi
}

# --- build (Release) when the binaries are missing or older than the sources ------------------------------------
build_if_stale() {
  local dll stale=0
  for dll in "$API_DLL" "$WORKER_DLL"; do
    [[ -f $dll && -z $(find src -newer "$dll" \( -name '*.cs' -o -name '*.csproj' -o -name '*.json' \) \
      -not -path '*/bin/*' -not -path '*/obj/*' -print -quit) ]] || stale=1
  done
  (( stale == 1 )) || return 0
  say "building the API and the worker (Release)"
  dotnet build src/Chronology.Api -c Release -nologo -v quiet >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log" >&2; die "build failed"; }
  # A worker that takes over a dead one's projections runs their code for the first time: built plainly, it compiled
  # some 4,000 methods (Marten, Npgsql, the projections) on the takeover's critical path, 2 s on a loaded machine.
  # Published ReadyToRun (Chronology.Worker.csproj), that code is native in its assemblies already.
  dotnet publish src/Chronology.Worker -c Release -r linux-x64 --self-contained false -o "$WORKER_DIR" -nologo -v quiet \
    >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log" >&2; die "build failed"; }
}

# What the processes of a check share: a production-like host, no rate limit, timestamps in the logs (by which the
# README's timings were read), and the workers' agent commands over loopback TCP (they all run on this machine).
export DOTNET_NOLOGO=1 RateLimit__PermitsPerMinute=0 Cluster__LoopbackControl=true
export Logging__Console__TimestampFormat="HH:mm:ss.fff "

# --- workers: each log names its Wolverine node id, by which the assignments table says what it runs -------------
declare -A WORKER_PID=() WORKER_NODE=()
NEXT_WORKER=1
start_worker() { # starts worker $NEXT_WORKER and waits until it has joined the cluster
  local n=$NEXT_WORKER worker_pid
  NEXT_WORKER=$((n + 1))
  start worker_pid "$WORK/worker$n.log" dotnet "$WORKER_DLL"
  WORKER_PID[$n]=$worker_pid
  wait_for "worker $n started" 120 node_of "$n"
  say "worker $n: pid ${WORKER_PID[$n]}, Wolverine node ${WORKER_NODE[$n]}"
}
node_of() {
  kill -0 "${WORKER_PID[$1]}" 2>/dev/null || die "worker $1 exited; see $WORK/worker$1.log"
  local node
  node=$(grep -o -m1 'Starting agents for Node [0-9a-f-]*' "$WORK/worker$1.log" 2>/dev/null | awk '{print $5}') || true
  [[ -n $node ]] && WORKER_NODE[$1]=$node
}
kill_worker() { # worker number: kill -9, and forget it
  kill -9 "${WORKER_PID[$1]}"
  unset "WORKER_PID[$1]"
}

agents_per_worker() { # "worker count" lines of the live workers, busiest first
  local n count
  for n in "${!WORKER_PID[@]}"; do
    count=$(sql "select count(*) from ${SCHEMA}.wolverine_node_assignments where node_id = '${WORKER_NODE[$n]}' and id like 'event-subscriptions:%'")
    echo "$n $count"
  done | sort -k2,2nr -k1,1n
}
agents_summary() { agents_per_worker | awk '{printf "worker %s: %s; ", $1, $2}'; }
# Conditions as SQL expressions, so that seconds_until can watch them on the server.
assigned_to_live_workers_sql() { # [node to leave out]: every projection is assigned to a live node (other than that one)
  echo "(select count(*) from ${SCHEMA}.wolverine_node_assignments a join ${SCHEMA}.wolverine_nodes n on n.id = a.node_id
         where a.id like 'event-subscriptions:%' and a.node_id::text <> '${1:-}') = $PROJECTIONS"
}
projected_past_sql() { # sequence (an SQL expression): every projection has folded in the events up to it
  echo "(select count(*) from ${SCHEMA}.mt_event_progression where name like '%:All' and last_seq_id >= ($1)) = $PROJECTIONS"
}
holds() { [[ $(sql "select $1") == t ]]; } # SQL expression
assigned_to_live_workers() { holds "$(assigned_to_live_workers_sql "${1:-}")"; }
projected_past() { holds "$(projected_past_sql "$1")"; }
last_event() { sql "select coalesce(max(seq_id), 0) from ${SCHEMA}.mt_events"; }

# Seconds from a now() until each SQL condition first held, to a tenth ('-' for one that had not within the timeout),
# watched by one session on the primary every 20 ms. Under a check's load every psql started from here costs a tenth of
# a second or more, so a loop of them timed the script's own latency along with what it watched (seconds of it).
SECONDS_UNTIL=$(cat <<'SQL'
create function pg_temp.seconds_until(started float8, timeout float8, conditions text[]) returns text
language plpgsql as $body$
declare
  seconds float8[] := array_fill(null::float8, array[cardinality(conditions)]);
  held boolean;
begin
  loop
    for i in 1 .. cardinality(conditions) loop
      if seconds[i] is null then
        execute 'select ' || conditions[i] into held;
        if held then seconds[i] := round((extract(epoch from clock_timestamp()) - started)::numeric, 1); end if;
      end if;
    end loop;
    if array_position(seconds, null) is null or extract(epoch from clock_timestamp()) - started > timeout then
      return array_to_string(seconds, ' ', '-');
    end if;
    perform pg_sleep(0.02);
  end loop;
end $body$;
SQL
)
seconds_until() { # started (a now()), timeout seconds, condition...
  local started=$1 timeout=$2 condition conditions=''
  shift 2
  for condition in "$@"; do conditions+="${conditions:+, }\$condition\$$condition\$condition\$"; done
  sql "$SECONDS_UNTIL select pg_temp.seconds_until($started, $timeout, array[$conditions])"
}
