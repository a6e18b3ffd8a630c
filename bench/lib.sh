# shellcheck shell=bash disable=SC2034
# (SC2034: the globals below are read by the scripts that source this file.)
#
# Helpers shared by the benchmark scripts (bench/*.sh); sourced, never run on its own. Safe under
# `set -euo pipefail`. A script sets ROOT and its settings, then:
#
#   source "$ROOT/bench/lib.sh"
#   require_tools NAME.sh dotnet curl jq python3   # exits 2 on the first missing tool
#   bench_workdir waymark-NAME                     # WORK=/tmp/waymark-NAME.XXXXXX; cleanup on exit
#   build_release 600; copy_release; log "machine: $(machine_summary)"
#   start_postgres "-c shared_buffers=256MB"       # only where pg_available; stop_postgres when done
#   start_server "$data" "${args[@]}"; ...; stop_server
#
# Globals shared with the scripts: WORK, RESULTS, SERVER_PID, PORT, URL, READY_MS, PGROOT, PGPORT, HZ. Settings a
# script may change after sourcing (plain assignments here, so the environment cannot change them by accident):
# SERVER_NICE, SERVER_READY_S, SERVER_POLL_S, WAYMARK_CLI_S. cpu_busy / wait_quiet read QUIET_IDLE and QUIET_WAIT,
# the PostgreSQL helpers PG_BIN: each script defines those as its own environment settings.

WORK=""
RESULTS=""
BENCH_PREFIX=""
SERVER_PID=""
PORT=""
URL=""
READY_MS=""
PGROOT=""
PGPORT=""
HZ=$(getconf CLK_TCK)
SERVER_NICE=0        # niceness of the server process; 0 starts it without `nice`, so ready times carry no extra exec
SERVER_READY_S=60    # start_server gives up when /readyz has not answered 200 within this many seconds
SERVER_POLL_S=0.05   # interval between readiness probes
WAYMARK_CLI_S=120    # bound of one waymark_cli call

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# require_tools SCRIPT TOOL...: exits 2 with an install hint on the first TOOL not on PATH.
require_tools() {
  local script=$1 tool
  shift
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "$script: '$tool' is missing (apt-get install -y $tool)" >&2; exit 2; }
  done
}

# bench_workdir PREFIX: WORK=/tmp/PREFIX.XXXXXX with an empty RESULTS file in it. On exit, also after Ctrl-C or
# TERM, the server and the PostgreSQL cluster are stopped and WORK removed.
bench_workdir() {
  BENCH_PREFIX=$1
  WORK=$(mktemp -d "/tmp/$BENCH_PREFIX.XXXXXX")
  RESULTS="$WORK/results.jsonl"
  : >"$RESULTS"
  trap cleanup EXIT
  trap 'exit 130' INT TERM
}

cleanup() {
  stop_server
  stop_postgres
  if [[ -n "$WORK" ]]; then rm -rf "$WORK"; fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }

# Busy share of all CPUs over one second, in percent (from /proc/stat).
cpu_busy() {
  local a b idle total=0 i
  read -ra a < <(head -1 /proc/stat); sleep 1; read -ra b < <(head -1 /proc/stat)
  idle=$(( (b[4] + b[5]) - (a[4] + a[5]) ))
  for i in 1 2 3 4 5 6 7 8; do total=$(( total + b[i] - a[i] )); done
  echo $(( total > 0 ? 100 - 100 * idle / total : 0 ))
}

# Other work on the machine (builds, tests) distorts every figure: wait until the CPUs are QUIET_IDLE % idle, up to
# QUIET_WAIT s. Echoes the busy percentage seen last (with our own idle server running, normally 0–3 %).
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

# build_release SECONDS: Release builds of the server and waymark-bench in ROOT, each bounded by SECONDS; on failure
# prints the end of the build log and exits.
build_release() {
  log "building Release (server and bench) in $ROOT"
  (cd "$ROOT" && timeout "$1" dotnet build -c Release src/Waymark -nologo -v q >"$WORK/build.log" 2>&1 \
    && timeout "$1" dotnet build -c Release bench/Waymark.Bench -nologo -v q >>"$WORK/build.log" 2>&1) \
    || { tail -30 "$WORK/build.log" >&2; exit 1; }
}

# copy_release: the Release builds to WORK/server and WORK/bench. Everything runs from these copies, so that
# concurrent rebuilds of the tree cannot swap assemblies under a running measurement.
copy_release() {
  cp -r "$ROOT/src/Waymark/bin/Release/net10.0" "$WORK/server"
  cp -r "$ROOT/bench/Waymark.Bench/bin/Release/net10.0" "$WORK/bench"
}

# machine_summary: cores, memory, CPU model and the commit measured, for the log.
machine_summary() {
  echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
}

# waymark_cli ARGS...: one command of the copied `waymark` CLI, bounded by WAYMARK_CLI_S.
waymark_cli() { timeout "$WAYMARK_CLI_S" dotnet "$WORK/server/waymark.dll" "$@"; }

# start_server DATA_DIR [serve args...]: starts the copied server on a free 127.0.0.1 port (log in WORK/server.log)
# and polls /readyz; sets SERVER_PID, PORT, URL and READY_MS (process start → first 200). Exits with the end of the
# server log when the process dies or is not ready within SERVER_READY_S.
start_server() {
  local data=$1 started deadline niced=()
  shift
  PORT=$(free_port)
  URL="http://127.0.0.1:$PORT"
  if (( SERVER_NICE != 0 )); then niced=(nice -n "$SERVER_NICE"); fi
  started=$(now_ms)
  deadline=$(( started + SERVER_READY_S * 1000 ))
  "${niced[@]}" dotnet "$WORK/server/waymark.dll" serve --data "$data" --urls "$URL" "$@" >>"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  until curl -sf -o /dev/null --max-time 1 "$URL/readyz"; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then log "server exited; last log lines:"; tail -20 "$WORK/server.log" >&2; exit 1; fi
    if (( $(now_ms) > deadline )); then log "server not ready within $SERVER_READY_S s"; tail -20 "$WORK/server.log" >&2; exit 1; fi
    sleep "$SERVER_POLL_S"
  done
  READY_MS=$(( $(now_ms) - started ))
}

# stop_server: TERM, up to 30 s for a clean shutdown, then KILL. Does nothing when no server runs.
stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ -n "$SERVER_PID" ]]; then wait "$SERVER_PID" 2>/dev/null || true; fi
  SERVER_PID=""
}

# rss_mb: resident memory of the running server, in MB.
rss_mb() { ps -o rss= -p "$SERVER_PID" | awk '{ printf "%.0f", $1 / 1024 }'; }

# pg_available: whether PG_BIN holds the PostgreSQL server binaries; logs the skip when not.
pg_available() {
  [[ -x "$PG_BIN/postgres" ]] && return 0
  log "PostgreSQL binaries not found in $PG_BIN; skipping"
  return 1
}

# start_postgres [OPTIONS]: a throwaway cluster in PGROOT=/tmp/PREFIX-pg.XXXXXX, run by the `postgres` user (so the
# script runs as root), trust authentication, listening on 127.0.0.1:PGPORT only (socket in PGROOT). OPTIONS (e.g.
# "-c shared_buffers=256MB") are added to the server's command line; everything else stays at its default.
start_postgres() {
  PGROOT=$(mktemp -d "/tmp/$BENCH_PREFIX-pg.XXXXXX")
  chown postgres:postgres "$PGROOT"
  PGPORT=$(free_port)
  runuser -u postgres -- timeout 120 "$PG_BIN/initdb" -D "$PGROOT/data" --auth=trust -U postgres >"$WORK/pg-init.log" 2>&1
  runuser -u postgres -- timeout 120 "$PG_BIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/pg.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT ${1:-}" start >/dev/null
}

# stop_postgres: stops the cluster (fast shutdown) and removes PGROOT. Does nothing when no cluster runs.
stop_postgres() {
  if [[ -n "$PGROOT" && -d "$PGROOT" ]]; then
    runuser -u postgres -- timeout 120 "$PG_BIN/pg_ctl" -D "$PGROOT/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    rm -rf "$PGROOT"
  fi
  PGROOT=""
}

# pg_sql PSQL_ARGS...: psql as `postgres` on the cluster, quiet, unaligned, tuples only, bounded by 600 s.
pg_sql() { timeout 600 psql -h 127.0.0.1 -p "$PGPORT" -U postgres -qAt "$@"; }

# create_database NAME: a new empty database on the cluster.
create_database() { pg_sql -v ON_ERROR_STOP=1 -c "CREATE DATABASE $1"; }

# pg_connection NAME: the Npgsql connection string of database NAME on the cluster.
pg_connection() { echo "Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=$1"; }

# postmaster_pid: the cluster's postmaster, whose children are the backends.
postmaster_pid() { head -1 "$PGROOT/data/postmaster.pid"; }
