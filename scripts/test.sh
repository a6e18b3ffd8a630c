#!/usr/bin/env bash
# The test command: bash scripts/test.sh [extra dotnet test arguments, e.g. --filter Name~Crash]
#
# On a fresh Debian machine that has only the .NET SDK, Node and npm it:
#   1. installs the Debian packages the tests use (PostgreSQL, Chromium, HAProxy, ...) when they are missing,
#   2. installs the npm packages the tests drive (tests/clients: the public analytics clients, an SMTP sink, an OpenID provider),
#   3. builds Waymark.slnx once in Release,
#   4. runs every test project, then builds and tests the browser SDK (sdk/), and prints one final line:
#      "N passed, N failed[, N skipped]", counting both.
# It exits non-zero when a test failed, when dotnet test failed, or when no test ran.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export NPM_CONFIG_UPDATE_NOTIFIER=false
# Browser tests drive Debian's /usr/bin/chromium; Playwright's own browser downloads cannot be reached from CI.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

results_dir="${WAYMARK_TEST_RESULTS:-$repo_root/artifacts/test-results}"

step() { printf '\n==> %s\n' "$*"; }
die() { printf 'test.sh: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# 1. Debian packages
# ---------------------------------------------------------------------------------------------
missing_packages=()
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  missing_packages+=(postgresql)
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing_packages+=(nodejs npm)
fi
if [[ -z "${WAYMARK_CHROMIUM:-}" && ! -x /usr/bin/chromium ]]; then
  missing_packages+=(chromium)
fi
# The TOTP tests check Waymark's codes against an independent implementation.
if ! command -v oathtool >/dev/null 2>&1; then
  missing_packages+=(oathtool)
fi
# The backup tests check Waymark's age encryption against the stock age CLI, both ways.
if ! command -v age >/dev/null 2>&1; then
  missing_packages+=(age)
fi
# The failover tests put the shipped HAProxy configuration (deploy/haproxy) in front of two ingest nodes.
if ! command -v haproxy >/dev/null 2>&1 && [[ ! -x /usr/sbin/haproxy ]]; then
  missing_packages+=(haproxy)
fi
command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is not on PATH"

if ((${#missing_packages[@]} > 0)); then
  step "Installing Debian packages: ${missing_packages[*]}"
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install ${missing_packages[*]} yourself"
  if [[ "$(id -u)" == 0 ]]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    die "need root or sudo to install ${missing_packages[*]}"
  fi
  apt_log="$(mktemp)"
  if ! { "${as_root[@]}" apt-get update &&
         "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
           apt-get install -y --no-install-recommends "${missing_packages[@]}"; } >"$apt_log" 2>&1; then
    tail -n 40 "$apt_log" >&2
    rm -f "$apt_log"
    die "apt-get install ${missing_packages[*]} failed"
  fi
  rm -f "$apt_log"
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || die "postgresql installed but initdb not found"
  [[ -n "${WAYMARK_CHROMIUM:-}" || -x /usr/bin/chromium ]] || die "chromium installed but /usr/bin/chromium not found"
  command -v oathtool >/dev/null 2>&1 || die "oathtool installed but not on PATH"
  command -v age >/dev/null 2>&1 || die "age installed but not on PATH"
  command -v haproxy >/dev/null 2>&1 || [[ -x /usr/sbin/haproxy ]] || die "haproxy installed but not found"
fi

# ---------------------------------------------------------------------------------------------
# 2. Public analytics clients used by the end-to-end tests
# ---------------------------------------------------------------------------------------------
step "Installing test clients (tests/clients)"
(
  cd tests/clients
  if [[ -f package-lock.json ]]; then
    npm_log="$(mktemp)"
    if ! npm ci --no-audit --no-fund --loglevel=error >"$npm_log" 2>&1; then
      # A registry mirror that lacks some platforms' optional packages makes npm regenerate
      # lock files without them, which npm ci then rejects as out of sync.
      grep -v '^npm error *$' "$npm_log" | head -n 8 >&2
      echo "test.sh: npm ci failed; falling back to npm install --no-save (fix tests/clients/package-lock.json)" >&2
      npm install --no-save --no-audit --no-fund --loglevel=error
    else
      cat "$npm_log"
    fi
    rm -f "$npm_log"
  else
    npm install --no-audit --no-fund --loglevel=error
  fi
)

# ---------------------------------------------------------------------------------------------
# 3. Build once
# ---------------------------------------------------------------------------------------------
step "Building Waymark.slnx (Release)"
dotnet build Waymark.slnx -c Release -nologo -v:quiet -clp:'ErrorsOnly;Summary'

# ---------------------------------------------------------------------------------------------
# 4. Test
# ---------------------------------------------------------------------------------------------
step "Running tests"
rm -rf "$results_dir"
mkdir -p "$results_dir"

# LogFilePrefix (not LogFileName): every test project gets its own .trx file instead of
# overwriting one shared name.
set +e
dotnet test Waymark.slnx -c Release --no-build -nologo \
  --logger "trx;LogFilePrefix=waymark" \
  --results-directory "$results_dir" \
  --blame-hang-timeout 20m --blame-hang-dump-type none \
  "$@"
test_status=$?
set -e

# Sum the <Counters .../> element of every .trx file.
total=0 executed=0 passed=0 failed=0 not_executed=0 trx_count=0
read_counter() { # read_counter FILE ATTRIBUTE
  grep -o '<Counters [^>]*>' "$1" | head -n 1 |
    sed -n "s/.* $2=\"\([0-9]*\)\".*/\1/p"
}
while IFS= read -r -d '' trx; do
  trx_count=$((trx_count + 1))
  for attribute in total executed passed failed error timeout aborted notExecuted; do
    value="$(read_counter "$trx" "$attribute")"
    value="${value:-0}"
    case "$attribute" in
      total) total=$((total + value)) ;;
      executed) executed=$((executed + value)) ;;
      passed) passed=$((passed + value)) ;;
      failed | error | timeout | aborted) failed=$((failed + value)) ;;
      notExecuted) not_executed=$((not_executed + value)) ;;
    esac
  done
  # Name the failed tests (the console logger above printed their messages).
  grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" |
    sed -n 's/.* testName="\([^"]*\)".*/  FAILED: \1/p' || true
done < <(find "$results_dir" -name '*.trx' -print0)

# xUnit's skipped tests are counted in total but not in executed (notExecuted stays 0).
skipped=$((total - executed))
if ((not_executed > skipped)); then
  skipped=$not_executed
fi

# ---------------------------------------------------------------------------------------------
# 5. The browser SDK (sdk/): type check, bundle within its size budget, unit tests (vitest)
# ---------------------------------------------------------------------------------------------
step "Browser SDK (sdk/): build with the size budget, unit tests"
sdk_junit="$results_dir/sdk.junit.xml"
sdk_status=0
(
  cd sdk
  npm ci --no-audit --no-fund --loglevel=error
  npm run build
  npx vitest run --reporter=default --reporter=junit --outputFile="$sdk_junit"
) || sdk_status=$?
if [[ -f "$sdk_junit" ]]; then
  sdk_root="$( { grep -o '<testsuites [^>]*>' "$sdk_junit" || true; } | head -n 1)"
  sdk_attribute() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$sdk_root"; }
  sdk_tests="$(sdk_attribute tests)" sdk_failures="$(sdk_attribute failures)" sdk_errors="$(sdk_attribute errors)"
  sdk_skipped="$( { grep -o '<skipped' "$sdk_junit" || true; } | wc -l)"
  sdk_failed=$((${sdk_failures:-0} + ${sdk_errors:-0}))
  passed=$((passed + ${sdk_tests:-0} - sdk_failed - sdk_skipped))
  failed=$((failed + sdk_failed))
  skipped=$((skipped + sdk_skipped))
fi
if ((sdk_status != 0)); then
  echo "the browser SDK's build or tests failed (exit $sdk_status)" >&2
fi

echo
echo "Test results: $results_dir ($trx_count .trx files)"
if ((test_status != 0 && failed == 0)); then
  echo "dotnet test exited with status $test_status" >&2
fi
if ((passed + failed == 0)); then
  echo "no tests ran" >&2
fi

summary="$passed passed, $failed failed"
if ((skipped > 0)); then
  summary+=", $skipped skipped"
fi
echo "$summary"

if ((failed > 0 || test_status != 0 || sdk_status != 0 || passed + failed == 0)); then
  exit 1
fi
