#!/usr/bin/env bash
# Waymark ingest benchmark: one command, SQLite then PostgreSQL.
#
#   bench/run.sh                                   # everything (about 8–10 minutes on the 2-core dev machine)
#   DBS=sqlite bench/run.sh                        # one database only
#   EVENTS=100000 WRK_DURATION=10s CONCURRENCY=32 bench/run.sh   # shorter
#
# For each database it
#   1. creates a workspace and starts Waymark three times: time to ready (process start → /readyz 200, best of
#      three) and idle RSS (5 s after the last start);
#   2. for each CONCURRENCY value, on a fresh database: POST /v1/batch load with waymark-bench http-batch
#      (unmeasured warm-up first), while recording the server's CPU time and its commit metrics (/metrics);
#   3. a diagnostic run with track calls only (no identify calls, so no profile writes);
#   4. single events with wrk (bench/wrk/track.lua) against the same server;
#   5. the raw physical baseline with waymark-bench raw on fresh databases of the same kind: plain, with
#      deduplication, and with deduplication at the group size the server actually committed;
# then prints a markdown table with each HTTP figure as a ratio to the raw baseline.
#
# The load generators run on the same machine as the server (and, for PostgreSQL, the database): on a 2-core
# machine they compete for the same cores. Before each measurement the script waits (up to QUIET_WAIT s) for
# other work on the machine to settle and records how busy the CPUs were.
#
# Everything listens on 127.0.0.1 only; every step is bounded by `timeout`; temp dirs, servers and the
# PostgreSQL cluster are removed on exit. Needs dotnet, wrk, curl, jq, sqlite3, python3 and, for PostgreSQL,
# the Debian postgresql-15 binaries (as root: the cluster runs as the `postgres` user).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DBS=${DBS:-"sqlite postgres"}
EVENTS=${EVENTS:-300000}            # measured events per batch run
WARMUP=${WARMUP:-20000}             # unmeasured events first: every user once (subject keys), then JIT tiering
BATCH_SIZE=${BATCH_SIZE:-100}       # calls per /v1/batch request
CONCURRENCY=${CONCURRENCY:-"8 32"}  # requests in flight; one fresh database per value, the best one is reported
IDENTIFY_PERCENT=${IDENTIFY_PERCENT:-5}
DIAG_EVENTS=${DIAG_EVENTS:-100000}  # track-only diagnostic run (0 to skip)
RAW_ROWS=${RAW_ROWS:-300000}
RAW_BATCH=${RAW_BATCH:-5000}        # = Waymark's default MaxEventsPerCommit
PG_WRITERS=${PG_WRITERS:-2}         # = Waymark's default PostgresWriters; the raw baseline uses as many connections
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-32}
WRK_DURATION=${WRK_DURATION:-15s}
READY_TRIES=${READY_TRIES:-3}
QUIET_IDLE=${QUIET_IDLE:-80}        # wait until the CPUs are this % idle before each measurement ...
QUIET_WAIT=${QUIET_WAIT:-60}        # ... but no longer than this many seconds
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
RESULTS_OUT=${RESULTS_OUT:-/tmp/waymark-bench-results.jsonl}

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
require_tools run.sh dotnet wrk curl jq sqlite3 python3
bench_workdir waymark-bench
SERVER_POLL_S=0.01                  # time to ready is a reported figure: probe often

# CPU time (user + system, in clock ticks) of a process, or of the PostgreSQL postmaster and all its backends.
ticks() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() {
  [[ -n "$PGROOT" ]] || { echo 0; return; }
  local pm total=0 p
  pm=$(postmaster_pid)
  for p in $pm $(ps --ppid "$pm" -o pid=); do total=$(( total + $(ticks "$p") )); done
  echo "$total"
}

# Commit metrics from Waymark's Prometheus endpoint: "durationSum count eventsSum".
commit_metrics() {
  curl -sf --max-time 5 "$URL/metrics" | awk '
    /^waymark_ingest_commit_duration_seconds_sum/ { d = $2 }
    /^waymark_ingest_commit_duration_seconds_count/ { n = $2 }
    /^waymark_ingest_commit_events_sum/ { e = $2 }
    END { printf "%s %s %s\n", d + 0, n + 0, e + 0 }'
}

record() { echo "$1" >>"$RESULTS"; }

# fresh_db KIND NAME: a new empty database; sets DATA (data directory) and SERVE_ARGS (extra serve/CLI arguments).
fresh_db() {
  local kind=$1 name=$2
  DATA="$WORK/data-$name"
  SERVE_ARGS=()
  if [[ $kind == postgres ]]; then
    create_database "$name"
    SERVE_ARGS=(--database "$(pg_connection "$name")")
    waymark_cli migrate --data "$DATA" "${SERVE_ARGS[@]}" >>"$WORK/server.log" 2>&1
  fi
}

# create_workspace: prints the write key of a new workspace in $DATA / SERVE_ARGS.
create_workspace() {
  waymark_cli workspace create bench --json --data "$DATA" "${SERVE_ARGS[@]}" 2>>"$WORK/server.log" | jq -r .writeKey
}

# batch_load KIND LABEL EVENTS CONCURRENCY IDENTIFY_PERCENT WRITE_KEY: one http-batch run against the running server.
batch_load() {
  local kind=$1 label=$2 events=$3 concurrency=$4 identify=$5 key=$6
  local busy out m0 m1 c0 c1 p0 p1
  busy=$(wait_quiet)
  log "$kind: $label: http-batch $events events (+$WARMUP warm-up), batch $BATCH_SIZE, concurrency $concurrency, identify $identify % (background CPU ${busy}%)"
  # Warm-up as its own run, so that the CPU and commit counters below cover the measured events only.
  timeout 600 dotnet "$WORK/bench/waymark-bench.dll" http-batch --url "$URL" --write-key "$key" --events "$WARMUP" --warmup "$WARMUP" \
    --batch-size "$BATCH_SIZE" --concurrency "$concurrency" --identify-percent "$identify" >/dev/null 2>&1 || true
  m0=$(commit_metrics); c0=$(ticks "$SERVER_PID"); p0=$(pg_ticks)
  out=$(timeout 900 dotnet "$WORK/bench/waymark-bench.dll" http-batch --url "$URL" --write-key "$key" --events "$events" --warmup 0 \
    --batch-size "$BATCH_SIZE" --concurrency "$concurrency" --identify-percent "$identify" --json) || true
  [[ -n "$out" ]] || { log "$kind: http-batch failed"; exit 1; }
  m1=$(commit_metrics); c1=$(ticks "$SERVER_PID"); p1=$(pg_ticks)
  local extra
  extra=$(awk -v a="$m0" -v b="$m1" -v c="$(( c1 - c0 ))" -v p="$(( p1 - p0 ))" -v hz="$HZ" -v ev="$events" 'BEGIN {
    split(a, x, " "); split(b, y, " "); n = y[2] - x[2]; if (n < 1) n = 1
    printf "\"commits\":%d,\"commitAvgMs\":%.1f,\"groupAvgEvents\":%.0f,\"writerBusySeconds\":%.2f,\"serverCpuUsPerEvent\":%.0f,\"postgresCpuUsPerEvent\":%.0f",
      n, 1000 * (y[1] - x[1]) / n, (y[3] - x[3]) / n, y[1] - x[1], 1e6 * c / hz / ev, 1e6 * p / hz / ev }')
  log "$kind: $label: $out {$extra}"
  record "{\"db\":\"$kind\",\"figure\":\"$label\",\"concurrency\":$concurrency,\"background\":$busy,\"server\":{$extra},\"result\":$out}"
}

# measure_server KIND: ready time, idle memory, batch loads, diagnostic, wrk.
measure_server() {
  local kind=$1 key best=999999 ms i=0
  fresh_db "$kind" "${kind}_ready"
  key=$(create_workspace)
  for i in $(seq 1 "$READY_TRIES"); do
    wait_quiet >/dev/null
    start_server "$DATA" "${SERVE_ARGS[@]}"
    ms=$READY_MS
    log "$kind: start $i ready in $ms ms"
    (( ms < best )) && best=$ms
    if (( i == READY_TRIES )); then
      sleep 5
      record "{\"db\":\"$kind\",\"figure\":\"idle_rss_mb\",\"value\":$(rss_mb)}"
      log "$kind: idle RSS after 5 s: $(rss_mb) MB"
    fi
    stop_server
  done
  record "{\"db\":\"$kind\",\"figure\":\"ready_ms\",\"value\":$best}"

  local c n=0
  for c in $CONCURRENCY; do
    n=$(( n + 1 ))
    fresh_db "$kind" "${kind}_batch_c$c"
    key=$(create_workspace)
    start_server "$DATA" "${SERVE_ARGS[@]}"
    batch_load "$kind" "http_batch" "$EVENTS" "$c" "$IDENTIFY_PERCENT" "$key"
    if [[ $kind == sqlite ]]; then
      record "{\"db\":\"$kind\",\"figure\":\"sealed_bytes\",\"value\":$(sqlite3 "$DATA/waymark.db" "SELECT CAST(AVG(LENGTH(sealed_data)) AS INTEGER) FROM events")}"
    else
      record "{\"db\":\"$kind\",\"figure\":\"sealed_bytes\",\"value\":$(pg_sql -d "${kind}_batch_c$c" -c "SELECT AVG(OCTET_LENGTH(sealed_data))::int FROM events")}"
    fi
    if (( n < $(wc -w <<<"$CONCURRENCY") )); then stop_server; rm -rf "$DATA"; fi
  done

  # The last server (a database already holding the batch runs' events) also takes the single-event load.
  local busy out
  busy=$(wait_quiet)
  log "$kind: wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION /v1/track (background CPU ${busy}%)"
  local c0 p0
  c0=$(ticks "$SERVER_PID"); p0=$(pg_ticks)
  out=$(timeout 180 wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$WRK_DURATION" --latency -s "$ROOT/bench/wrk/track.lua" "$URL/v1/track" -- "$key")
  local cpu
  cpu=$(( $(ticks "$SERVER_PID") - c0 )); local pcpu=$(( $(pg_ticks) - p0 ))
  printf '%s\n' "$out" | grep -v '^WRK_RESULT' >&2
  out=$(printf '%s\n' "$out" | sed -n 's/^WRK_RESULT //p')
  local requests
  requests=$(jq .requests <<<"$out")
  record "{\"db\":\"$kind\",\"figure\":\"wrk\",\"background\":$busy,\"serverCpuUsPerRequest\":$(( cpu * 1000000 / HZ / (requests > 0 ? requests : 1) )),\"postgresCpuUsPerRequest\":$(( pcpu * 1000000 / HZ / (requests > 0 ? requests : 1) )),\"result\":$out}"
  record "{\"db\":\"$kind\",\"figure\":\"rss_after_load_mb\",\"value\":$(rss_mb)}"
  stop_server
  rm -rf "$DATA"

  if (( DIAG_EVENTS > 0 )); then
    local best_c
    best_c=$(jq -rs --arg db "$kind" 'map(select(.db == $db and .figure == "http_batch")) | max_by(.result.eventsPerSecond) | .concurrency' "$RESULTS")
    fresh_db "$kind" "${kind}_diag"
    key=$(create_workspace)
    start_server "$DATA" "${SERVE_ARGS[@]}"
    batch_load "$kind" "http_batch_track_only" "$DIAG_EVENTS" "$best_c" 0 "$key"
    stop_server
    rm -rf "$DATA"
  fi
}

# run_raw KIND LABEL [raw args...]: on a fresh database of KIND.
run_raw() {
  local kind=$1 label=$2; shift 2
  local busy out connection
  fresh_db "$kind" "${kind}_${label}"
  if [[ $kind == sqlite ]]; then
    waymark_cli migrate --data "$DATA" >>"$WORK/server.log" 2>&1
    connection="$DATA/waymark.db"
  else
    connection=$(pg_connection "${kind}_${label}")
  fi
  busy=$(wait_quiet)
  local p0 p1
  p0=$(pg_ticks)
  out=$(timeout 900 dotnet "$WORK/bench/waymark-bench.dll" raw --provider "$kind" --connection "$connection" --rows "$RAW_ROWS" --json "$@")
  p1=$(pg_ticks)
  log "$kind: raw $label ($*): $out (background CPU ${busy}%)"
  record "{\"db\":\"$kind\",\"figure\":\"$label\",\"background\":$busy,\"postgresCpuUsPerRow\":$(( (p1 - p0) * 1000000 / HZ / RAW_ROWS )),\"result\":$out}"
  rm -rf "$DATA"
}

build_release 600
copy_release
log "machine: $(machine_summary)"

for kind in $DBS; do
  case $kind in
    sqlite) ;;
    postgres)
      pg_available || continue
      # Defaults except: local only, shared_buffers 256 MB, and a WAL size that avoids forced checkpoints in
      # the middle of a run. fsync and synchronous_commit stay on: acknowledged events are durable, as on SQLite.
      start_postgres "-c max_wal_size=4GB -c shared_buffers=256MB"
      export WAYMARK_INGEST__POSTGRESWRITERS=$PG_WRITERS
      ;;
    *) log "unknown database kind '$kind'"; exit 2 ;;
  esac

  measure_server "$kind"

  payload=$(jq -rs --arg db "$kind" 'map(select(.db == $db and .figure == "sealed_bytes")) | .[0].value' "$RESULTS")
  group=$(jq -rs --arg db "$kind" 'map(select(.db == $db and .figure == "http_batch")) | max_by(.result.eventsPerSecond) | .server.groupAvgEvents' "$RESULTS")
  writers=(); [[ $kind == postgres ]] && writers=(--writers "$PG_WRITERS")
  run_raw "$kind" raw_plain --batch "$RAW_BATCH" --payload-bytes "$payload" "${writers[@]}"
  run_raw "$kind" raw_dedup --batch "$RAW_BATCH" --payload-bytes "$payload" "${writers[@]}" --with-dedup
  run_raw "$kind" raw_dedup_group --batch "$group" --payload-bytes "$payload" "${writers[@]}" --with-dedup
  [[ $kind == postgres ]] && stop_postgres
done

# ---- report ---------------------------------------------------------------------------------------------------
cp "$RESULTS" "$RESULTS_OUT"
get() { jq -rs --arg db "$1" --arg f "$2" "map(select(.db == \$db and .figure == \$f)) | max_by(.result.eventsPerSecond // .result.rowsPerSecond // 0) | $3 // empty" "$RESULTS"; }
fmt() { [[ -n "$1" ]] && awk -v v="$1" 'BEGIN { s = sprintf("%.0f", v); r = ""; while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) } print s r }' || echo "–"; }
ratio() { [[ -n "$1" && -n "$2" && "$2" != 0 ]] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f %%", 100 * a / b }' || echo "–"; }
ok() { [[ -n "$1" ]] && awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN { m = (op == ">=" ? v >= t : v < t); print (m ? "yes" : "**no**") }' || echo "–"; }

echo
echo "| Database | Figure | Measured | Target | Ratio to raw baseline | Met |"
echo "|---|---|---|---|---|---|"
for kind in $DBS; do
  raw=$(get "$kind" raw_plain .result.rowsPerSecond)
  [[ -n "$raw" ]] || continue
  name=$([[ $kind == sqlite ]] && echo SQLite || echo PostgreSQL)
  pct=$([[ $kind == sqlite ]] && echo 75 || echo 60)
  dedup=$(get "$kind" raw_dedup .result.rowsPerSecond)
  group=$(get "$kind" raw_dedup_group .result.batch)
  dedup_group=$(get "$kind" raw_dedup_group .result.rowsPerSecond)
  batch=$(get "$kind" http_batch .result.eventsPerSecond)
  batch_c=$(get "$kind" http_batch .concurrency)
  all_c=$(jq -rs --arg db "$kind" 'map(select(.db == $db and .figure == "http_batch")) | map("c\(.concurrency): \(.result.eventsPerSecond)") | join(", ")' "$RESULTS")
  batch_err=$(get "$kind" http_batch .result.errors)
  track=$(get "$kind" http_batch_track_only .result.eventsPerSecond)
  rps=$(get "$kind" wrk .result.requestsPerSecond)
  p99=$(get "$kind" wrk '(.result.p99Us / 1000)')
  wrk_err=$(get "$kind" wrk '(.result.non2xx + .result.connectErrors + .result.readErrors + .result.writeErrors + .result.timeouts)')
  rss=$(get "$kind" idle_rss_mb .value)
  ready=$(get "$kind" ready_ms .value)
  echo "| $name | Raw baseline: $(fmt "$RAW_ROWS") rows, $(fmt "$RAW_BATCH") per commit ($([[ $kind == sqlite ]] && echo 'prepared INSERT' || echo "binary COPY, $PG_WRITERS connections")) | $(fmt "$raw") rows/s | – | 100 % | – |"
  echo "| $name | Raw + dedup (event_ids insert per row) | $(fmt "$dedup") rows/s | – | $(ratio "$dedup" "$raw") | – |"
  echo "| $name | Raw + dedup at the server's mean group size ($(fmt "$group") rows per commit) | $(fmt "$dedup_group") rows/s | – | $(ratio "$dedup_group" "$raw") | – |"
  echo "| $name | **Batch ingest** (/v1/batch, $BATCH_SIZE per request, concurrency $batch_c; $all_c; $batch_err errors) | $(fmt "$batch") events/s | ≥ $pct % of raw | $(ratio "$batch" "$raw") | $(ok "$(awk -v a="$batch" -v b="$raw" 'BEGIN { print 100 * a / b }')" ">=" "$pct") |"
  echo "| $name | Batch ingest, track calls only (diagnostic: no identify → no profile writes) | $(fmt "$track") events/s | – | $(ratio "$track" "$raw") | – |"
  echo "| $name | Server CPU per batch event (Waymark process$([[ $kind == postgres ]] && echo ' + PostgreSQL')) | $(get "$kind" http_batch .server.serverCpuUsPerEvent) µs$([[ $kind == postgres ]] && echo " + $(get "$kind" http_batch .server.postgresCpuUsPerEvent) µs") | – | – | – |"
  echo "| $name | Mean commit group / commit time | $(fmt "$(get "$kind" http_batch .server.groupAvgEvents)") events / $(get "$kind" http_batch .server.commitAvgMs) ms | – | – | – |"
  echo "| $name | **Single events** (/v1/track, wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION; $wrk_err errors) | $(fmt "$rps") req/s | ≥ 15,000 req/s | $(ratio "$rps" "$raw") | $(ok "$rps" ">=" 15000) |"
  echo "| $name | **Single events p99** | $(awk -v v="$p99" 'BEGIN { printf "%.1f", v }') ms | < 10 ms | – | $(ok "$p99" "<" 10) |"
  echo "| $name | **Idle memory** (RSS 5 s after ready) | $rss MB | < 150 MB | – | $(ok "$rss" "<" 150) |"
  echo "| $name | RSS after the loads | $(get "$kind" rss_after_load_mb .value) MB | – | – | – |"
  echo "| $name | **Time to ready** (start → /readyz 200, best of $READY_TRIES) | $(fmt "$ready") ms | < 1,000 ms | – | $(ok "$ready" "<" 1000) |"
  echo "| $name | Mean sealed_data size (also used for the raw rows) | $(get "$kind" sealed_bytes .value) B | – | – | – |"
done
echo
echo "All results (JSON lines): $RESULTS_OUT. Load generators and server share the same $(nproc) cores."
