#!/usr/bin/env bash
# Waymark analytics benchmark: trends, funnels and retention over HTTP on N generated events, SQLite then (with DBS)
# PostgreSQL.
#
#   bench/analytics.sh                                  # SQLite, 10,000,000 events, 100,000 users, 180 days
#   DBS="sqlite postgres" NICE=-10 bench/analytics.sh   # both databases, ahead of other work on a shared machine
#   EVENTS=200000 USERS=5000 bench/analytics.sh         # a quick check of the pipeline
#
# For each database: a fresh data directory (and a throwaway PostgreSQL 15 cluster), `waymark migrate`, a workspace,
# plan/browser/country/seats classified public, a server key with analytics:read, `waymark-bench analytics-fill`
# (users, events and the event_counts / activity_days rollups written with SQL), then Waymark is started, a segment
# "Pro users" (plan = pro) is created, and each query is asked RUNS times in a row: the first answer (cold: first
# query of its kind since start) and the median and maximum of the others (warm), timed by curl. Prints a table and
# JSON lines (RESULTS_OUT). Everything listens on 127.0.0.1 only; every step is bounded by `timeout`; temp dirs,
# servers and the cluster are removed on exit. Needs dotnet, curl, jq, python3 and, for PostgreSQL, the Debian
# postgresql-15 binaries (run as root).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DBS=${DBS:-sqlite}
EVENTS=${EVENTS:-10000000}
USERS=${USERS:-100000}
DAYS=${DAYS:-180}
SEED=${SEED:-42}
RUNS=${RUNS:-5}                     # per query: 1 cold + RUNS-1 warm
NICE=${NICE:-0}                     # e.g. -10 (as root): server and fill ahead of other work on a shared machine
QUERY_TIMEOUT=${QUERY_TIMEOUT:-120}
FILL_TIMEOUT=${FILL_TIMEOUT:-5400}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
RESULTS_OUT=${RESULTS_OUT:-/tmp/waymark-analytics-results.jsonl}
BUILD=${BUILD:-1}                   # 0: use the Release builds already in the tree

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
require_tools analytics.sh dotnet curl jq python3
bench_workdir waymark-analytics
SERVER_NICE=$NICE
SERVER_READY_S=120
WAYMARK_CLI_S=600

# time_query DB LABEL PATH_AND_QUERY: RUNS requests in a row; one JSON line with every time.
time_query() {
  local kind=$1 label=$2 path=$3 times=() status t body="$WORK/answer.json"
  for _ in $(seq 1 "$RUNS"); do
    read -r status t < <(curl -s -o "$body" -w '%{http_code} %{time_total}\n' --max-time "$QUERY_TIMEOUT" \
      -H "Authorization: Bearer $SERVER_KEY" "$URL$path" || echo "000 $QUERY_TIMEOUT")
    if [[ $status != 200 ]]; then log "$kind $label: HTTP $status: $(head -c 400 "$body" 2>/dev/null)"; fi
    times+=("$t")
  done
  # shellcheck disable=SC1003  # '\n"\\' is tr's set {newline, quote, backslash}, not an escaped quote
  python3 - "$kind" "$label" "$path" "$status" "$(load_avg)" "$(head -c 300 "$body" | tr -d '\n"\\' )" "${times[@]}" >>"$RESULTS" <<'PY'
import json, statistics, sys
kind, label, path, status, load, sample, *times = sys.argv[1:]
t = [float(x) * 1000 for x in times]
warm = t[1:] or t
print(json.dumps({"db": kind, "query": label, "path": path, "status": int(status), "load": load,
                  "coldMs": round(t[0], 1), "warmMedianMs": round(statistics.median(warm), 1), "warmMaxMs": round(max(warm), 1),
                  "allMs": [round(x, 1) for x in t], "answerStart": sample[:200]}))
PY
  log "$kind $label: $(tail -1 "$RESULTS" | jq -c '{coldMs, warmMedianMs, warmMaxMs}')"
}

measure() {
  local kind=$1 data="$WORK/data-$1" args=() conn
  mkdir -p "$data"
  if [[ $kind == postgres ]]; then
    create_database waymark_analytics
    conn=$(pg_connection waymark_analytics)
    args=(--database "$conn")
  else
    conn="$data/waymark.db"
  fi
  waymark_cli migrate --data "$data" "${args[@]}" >>"$WORK/server.log" 2>&1
  local created workspace
  created=$(waymark_cli workspace create bench --json --data "$data" "${args[@]}" 2>>"$WORK/server.log")
  workspace=$(jq -r .workspaceId <<<"$created")
  waymark_cli data-classes set --workspace "$workspace" plan=public browser=public country=public seats=public --data "$data" "${args[@]}" >>"$WORK/server.log" 2>&1
  SERVER_KEY=$(waymark_cli keys create --workspace "$workspace" --name "analytics benchmark" \
    --scope analytics:read --scope content:edit --scope workspace:view --json --data "$data" "${args[@]}" 2>>"$WORK/server.log" | jq -r .secret)

  log "$kind: analytics-fill $EVENTS events, $USERS users, $DAYS days (load $(load_avg))"
  local fill
  fill=$(timeout "$FILL_TIMEOUT" nice -n "$NICE" dotnet "$WORK/bench/waymark-bench.dll" analytics-fill --provider "$kind" --connection "$conn" \
    --workspace "$workspace" --events "$EVENTS" --users "$USERS" --days "$DAYS" --seed "$SEED" --json)
  log "$kind: $fill"
  local size
  if [[ $kind == postgres ]]; then
    size=$(pg_sql -d waymark_analytics -c "SELECT pg_database_size(current_database())")
    pg_sql -d waymark_analytics -F ' ' -c \
      "SELECT relname, pg_total_relation_size(oid) FROM pg_class WHERE relname IN ('events','event_counts','activity_days','users')" >"$WORK/sizes.txt"
  else
    size=$(stat -c %s "$data/waymark.db")
    : >"$WORK/sizes.txt"
  fi
  echo "{\"db\":\"$kind\",\"fill\":$fill,\"databaseBytes\":$size,\"tables\":\"$(tr '\n' ';' <"$WORK/sizes.txt")\",\"load\":\"$(load_avg)\"}" >>"$RESULTS"

  start_server "$data" "${args[@]}"
  local segment
  segment=$(curl -sf --max-time 60 -H "Authorization: Bearer $SERVER_KEY" -H 'Content-Type: application/json' \
    -d '{"name":"Pro users","conditions":{"match":"all","rules":[{"type":"user_trait","key":"plan","op":"equals","value":"pro"}]}}' \
    "$URL/v1/segments" | jq -r .id)
  local today from30 from84
  today=$(date -u +%F); from30=$(date -u -d '29 days ago' +%F); from84=$(date -u -d '83 days ago' +%F)
  local range="from=$from30&to=$today"
  local queries=(
    "trend count|/v1/analytics/trends?event=Page%20Viewed&$range&interval=day"
    "trend users|/v1/analytics/trends?event=Page%20Viewed&$range&interval=day&measure=users"
    "trend breakdown plan|/v1/analytics/trends?event=Page%20Viewed&$range&interval=day&breakdown=plan"
    "funnel 3 steps|/v1/analytics/funnels?step=Signed%20up&step=Created%20project&step=Invited%20teammate&$range&window_days=14"
    "retention first_seen|/v1/analytics/retention?cohort=first_seen&interval=week&periods=12&from=$from84&to=$today"
    "retention event cohort|/v1/analytics/retention?cohort=event&cohort_event=Signed%20up&interval=week&periods=12&from=$from84&to=$today"
  )
  local q label path
  for q in "${queries[@]}"; do
    label=${q%%|*}; path=${q#*|}
    time_query "$kind" "$label" "$path"
  done
  for q in "${queries[@]}"; do
    label=${q%%|*}; path=${q#*|}
    time_query "$kind" "$label + segment" "$path&segment=$segment"
  done
  stop_server
  rm -rf "$data"
}

if [[ $BUILD == 1 ]]; then build_release 1800; fi
copy_release
log "machine: $(machine_summary); load $(load_avg)"

for kind in $DBS; do
  case $kind in
    sqlite) ;;
    postgres)
      pg_available || continue
      start_postgres "-c shared_buffers=256MB -c max_wal_size=4GB"
      ;;
    *) log "unknown database kind '$kind'"; exit 2 ;;
  esac
  measure "$kind"
  [[ $kind == postgres ]] && stop_postgres
done

cp "$RESULTS" "$RESULTS_OUT"
echo
echo "| Database | Query | First (cold) | Warm median | Warm max | < 1 s |"
echo "|---|---|---|---|---|---|"
jq -r 'select(.query) | "| \(.db) | \(.query) | \(.coldMs) ms | \(.warmMedianMs) ms | \(.warmMaxMs) ms | \(if .status != 200 then "**HTTP \(.status)**" elif .warmMaxMs < 1000 and .coldMs < 1000 then "yes" else "**no**" end) |"' "$RESULTS"
echo
jq -r 'select(.fill) | "\(.db): \(.fill.events) events, \(.fill.users) users; fill \(.fill.seconds) s (events \(.fill.eventsSeconds) s, rollups \(.fill.rollupSeconds) s); database \(.databaseBytes / 1048576 | floor) MiB \(.tables); load \(.load)"' "$RESULTS"
echo "All results (JSON lines): $RESULTS_OUT."
