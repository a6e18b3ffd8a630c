#!/usr/bin/env bash
# Waymark content-decision benchmark: GET /v1/content at a fixed arrival rate, SQLite then (with DBS) PostgreSQL.
#
#   bench/content.sh                                    # SQLite: 10,000 users, 50 flows, 1,000 req/s for 30 s
#   DBS="sqlite postgres" bench/content.sh              # both databases
#   RATE=500 SECONDS_MEASURED=10 USERS=2000 bench/content.sh   # shorter
#
# For each database it builds a fresh data directory (and database), creates a workspace and a server key, starts
# Waymark, then runs waymark-bench content-load twice: once to fill the workspace through the HTTP API (public data
# classes; users with traits, companies and 5–20 events each over 60 days; segments; flows and checklists published
# to production; progress events), once for the load: WARMUP_SECONDS unmeasured, then SECONDS_MEASURED at RATE
# requests/s on a fixed schedule, each latency measured from the request's scheduled send time.
#
# The load generator shares the machine's cores with the server (and PostgreSQL). Everything listens on 127.0.0.1
# only; every step is bounded by `timeout`; temp dirs, servers and the PostgreSQL cluster are removed on exit.
# Needs dotnet, curl, jq, python3 and, for PostgreSQL, the Debian postgresql-15 binaries (run as root).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DBS=${DBS:-sqlite}
USERS=${USERS:-10000}
FLOWS=${FLOWS:-50}
CHECKLISTS=${CHECKLISTS:-5}
RATE=${RATE:-1000}
SECONDS_MEASURED=${SECONDS_MEASURED:-30}
WARMUP_SECONDS=${WARMUP_SECONDS:-45}   # long enough for tier-1 JIT under full load on 2 cores (docs/benchmarks.md)
CONNECTIONS=${CONNECTIONS:-256}
NICE=${NICE:-0}                     # e.g. -10 (as root): server and load generator ahead of other work on a shared machine
EXTRA_QUERY=${EXTRA_QUERY:-}        # appended to every request, for diagnostics (see docs/benchmarks.md)
QUIET_IDLE=${QUIET_IDLE:-80}        # wait until the CPUs are this % idle before the load ...
QUIET_WAIT=${QUIET_WAIT:-60}        # ... but no longer than this many seconds
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
RESULTS_OUT=${RESULTS_OUT:-/tmp/waymark-content-results.jsonl}

for tool in dotnet curl jq python3; do
  command -v "$tool" >/dev/null || { echo "content.sh: '$tool' is missing (apt-get install -y $tool)" >&2; exit 2; }
done

WORK=$(mktemp -d /tmp/waymark-content.XXXXXX)
PGROOT=""
PGPORT=""
SERVER_PID=""
RESULTS="$WORK/results.jsonl"
: >"$RESULTS"
HZ=$(getconf CLK_TCK)

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  [[ -n "$SERVER_PID" ]] && { wait "$SERVER_PID" 2>/dev/null || true; }
  SERVER_PID=""
}

stop_postgres() {
  if [[ -n "$PGROOT" && -d "$PGROOT" ]]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGROOT/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    rm -rf "$PGROOT"
  fi
  PGROOT=""
}

cleanup() {
  stop_server
  stop_postgres
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# Busy share of all CPUs over one second, in percent (from /proc/stat).
cpu_busy() {
  local a b idle total=0 i
  read -ra a < <(head -1 /proc/stat); sleep 1; read -ra b < <(head -1 /proc/stat)
  idle=$(( (b[4] + b[5]) - (a[4] + a[5]) ))
  for i in 1 2 3 4 5 6 7 8; do total=$(( total + b[i] - a[i] )); done
  echo $(( total > 0 ? 100 - 100 * idle / total : 0 ))
}

# Other work on the machine distorts latency: wait until it is quiet, up to QUIET_WAIT s. Echoes the last busy %.
wait_quiet() {
  local waited=0 busy
  while :; do
    busy=$(cpu_busy)
    if (( 100 - busy >= QUIET_IDLE )); then break; fi
    if (( waited >= QUIET_WAIT )); then log "machine still ${busy}% busy after ${QUIET_WAIT}s; measuring anyway"; break; fi
    waited=$(( waited + 1 ))
  done
  echo "$busy"
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# start_server DATA_DIR [extra serve args...]: starts Waymark, waits for /readyz; sets SERVER_PID and URL.
start_server() {
  local data=$1; shift
  PORT=$(free_port)
  URL="http://127.0.0.1:$PORT"
  local deadline=$(( $(now_ms) + 60000 ))
  nice -n "$NICE" dotnet "$WORK/server/waymark.dll" serve --data "$data" --urls "$URL" "$@" >>"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  until curl -sf -o /dev/null --max-time 1 "$URL/readyz"; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then log "server exited; last log lines:"; tail -20 "$WORK/server.log" >&2; exit 1; fi
    if (( $(now_ms) > deadline )); then log "server not ready within 60 s"; tail -20 "$WORK/server.log" >&2; exit 1; fi
    sleep 0.05
  done
}

rss_mb() { ps -o rss= -p "$SERVER_PID" | awk '{ printf "%.0f", $1 / 1024 }'; }

measure() {
  local kind=$1 data="$WORK/data-$1" args=() pgpid=()
  if [[ $kind == postgres ]]; then
    psql -h 127.0.0.1 -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -qAt -c "CREATE DATABASE waymark_content"
    args=(--database "Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=waymark_content")
    pgpid=(--database-pid "$(head -1 "$PGROOT/data/postmaster.pid")")
    timeout 120 dotnet "$WORK/server/waymark.dll" migrate --data "$data" "${args[@]}" >>"$WORK/server.log" 2>&1
  fi
  local created workspace write_key server_key
  created=$(timeout 120 dotnet "$WORK/server/waymark.dll" workspace create bench --json --data "$data" "${args[@]}" 2>>"$WORK/server.log")
  workspace=$(jq -r .workspaceId <<<"$created")
  write_key=$(jq -r .writeKey <<<"$created")
  server_key=$(timeout 120 dotnet "$WORK/server/waymark.dll" keys create --workspace "$workspace" --name "content benchmark" \
    --scope settings:manage --scope content:edit --scope workspace:view --json --data "$data" "${args[@]}" 2>>"$WORK/server.log" | jq -r .secret)

  start_server "$data" "${args[@]}"
  log "$kind: seeding $USERS users, $FLOWS flows, $CHECKLISTS checklists"
  timeout 900 dotnet "$WORK/bench/waymark-bench.dll" content-load --url "$URL" --write-key "$write_key" --server-key "$server_key" \
    --users "$USERS" --flows "$FLOWS" --checklists "$CHECKLISTS" --seconds 0

  # A restart, so that the load meets the server as a deployment would: caches filled from the database, not by seeding.
  stop_server
  start_server "$data" "${args[@]}"
  local busy out
  busy=$(wait_quiet)
  log "$kind: GET /v1/content at $RATE/s: ${WARMUP_SECONDS}s warm-up, ${SECONDS_MEASURED}s measured (background CPU ${busy}%)"
  out=$(timeout $(( WARMUP_SECONDS + SECONDS_MEASURED + 120 )) nice -n "$NICE" dotnet "$WORK/bench/waymark-bench.dll" content-load --url "$URL" --write-key "$write_key" \
    --users "$USERS" --rate "$RATE" --seconds "$SECONDS_MEASURED" --warmup-seconds "$WARMUP_SECONDS" --connections "$CONNECTIONS" \
    --server-pid "$SERVER_PID" "${pgpid[@]}" --clock-ticks "$HZ" --extra-query "$EXTRA_QUERY" --json) || true
  [[ -n "$out" ]] || { log "$kind: content-load failed"; tail -20 "$WORK/server.log" >&2; exit 1; }
  log "$kind: $out"
  echo "{\"db\":\"$kind\",\"background\":$busy,\"rssMb\":$(rss_mb),\"result\":$out}" >>"$RESULTS"
  stop_server
  rm -rf "$data"
}

log "building Release (server and bench) in $ROOT"
(cd "$ROOT" && timeout 900 dotnet build -c Release src/Waymark -nologo -v q >"$WORK/build.log" 2>&1 \
  && timeout 900 dotnet build -c Release bench/Waymark.Bench -nologo -v q >>"$WORK/build.log" 2>&1) \
  || { tail -30 "$WORK/build.log" >&2; exit 1; }
# Run from copies, so that concurrent rebuilds of the tree cannot swap assemblies under a running measurement.
cp -r "$ROOT/src/Waymark/bin/Release/net10.0" "$WORK/server"
cp -r "$ROOT/bench/Waymark.Bench/bin/Release/net10.0" "$WORK/bench"
log "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"

for kind in $DBS; do
  case $kind in
    sqlite) ;;
    postgres)
      [[ -x "$PG_BIN/postgres" ]] || { log "PostgreSQL binaries not found in $PG_BIN; skipping"; continue; }
      PGROOT=$(mktemp -d /tmp/waymark-content-pg.XXXXXX)
      chown postgres:postgres "$PGROOT"
      PGPORT=$(free_port)
      runuser -u postgres -- "$PG_BIN/initdb" -D "$PGROOT/data" --auth=trust -U postgres >"$WORK/pg-init.log" 2>&1
      runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/pg.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT -c shared_buffers=256MB" start >/dev/null
      ;;
    *) log "unknown database kind '$kind'"; exit 2 ;;
  esac
  measure "$kind"
  [[ $kind == postgres ]] && stop_postgres
done

cp "$RESULTS" "$RESULTS_OUT"
echo
echo "| Database | Achieved | Errors | p50 | p90 | p99 | p99.9 | max | Server CPU | Answer | Flows / checklists per answer | Non-empty | p99 < 5 ms |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
jq -r '
  (if .db == "sqlite" then "SQLite" else "PostgreSQL" end) as $name
  | .result as $r
  | "| \($name) | \($r.achievedRate) of \($r.targetRate) req/s | \($r.errors) | \($r.p50Ms) ms | \($r.p90Ms) ms | \($r.p99Ms) ms | \($r.p999Ms) ms | \($r.maxMs) ms | \($r.serverCpuPercent) %\(if .db == "postgres" then " + PostgreSQL \($r.databaseCpuPercent) %" else "" end) | \($r.answerBytesAvg) B | \($r.flowsAvg) / \($r.checklistsAvg) | \($r.nonEmptyPercent) % | \(if $r.p99Ms < 5 and $r.errors == 0 then "yes" else "**no**" end) |"
' "$RESULTS"
echo
echo "Latency runs from each request's scheduled send time (open loop). All results (JSON lines): $RESULTS_OUT."
