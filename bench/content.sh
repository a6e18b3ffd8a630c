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

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
require_tools content.sh dotnet curl jq python3
bench_workdir waymark-content
SERVER_NICE=$NICE

measure() {
  local kind=$1 data="$WORK/data-$1" args=() pgpid=()
  if [[ $kind == postgres ]]; then
    create_database waymark_content
    args=(--database "$(pg_connection waymark_content)")
    pgpid=(--database-pid "$(postmaster_pid)")
    waymark_cli migrate --data "$data" "${args[@]}" >>"$WORK/server.log" 2>&1
  fi
  local created workspace write_key server_key
  created=$(waymark_cli workspace create bench --json --data "$data" "${args[@]}" 2>>"$WORK/server.log")
  workspace=$(jq -r .workspaceId <<<"$created")
  write_key=$(jq -r .writeKey <<<"$created")
  server_key=$(waymark_cli keys create --workspace "$workspace" --name "content benchmark" \
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

build_release 900
copy_release
log "machine: $(machine_summary)"

for kind in $DBS; do
  case $kind in
    sqlite) ;;
    postgres)
      pg_available || continue
      start_postgres "-c shared_buffers=256MB"
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
