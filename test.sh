#!/usr/bin/env bash
# Runs the whole test suite against the local PostgreSQL from deploy/postgres.sh.
# Ends with one summary line "N passed, N failed" (when dotnet test's output
# can be parsed) and exits with dotnet test's exit code.
set -euo pipefail
cd "$(dirname -- "$(readlink -f -- "$0")")"

deploy/postgres.sh start
# The chronology tests keep one chronology's database on a second server (README: Chronologies).
deploy/shards.sh start
# Tests get a database of their own so that they never touch development data (CHRONOLOGY_TEST_DB picks another,
# so that two checkouts can run their tests at once on the same server).
TEST_DB=${CHRONOLOGY_TEST_DB:-chronology_tests}
deploy/postgres.sh createdb "$TEST_DB"
CHRONOLOGY_TEST_CONNECTION=$(CHRONOLOGY_PG_DB=$TEST_DB deploy/postgres.sh url)
export CHRONOLOGY_TEST_CONNECTION
echo "CHRONOLOGY_TEST_CONNECTION=$CHRONOLOGY_TEST_CONNECTION"

# The browser tests (tests/Chronology.Browser.Tests) drive Debian's Chromium, never a downloaded browser build, with
# CJK fonts so that 統一閣 renders, and inject axe-core from npm (its lockfile is committed).
command -v chromium >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q fonts-noto-cjk >/dev/null; }
command -v npm >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q npm >/dev/null; }
(cd tests/Chronology.Browser.Tests && npm ci --no-audit --no-fund --silent)

output=$(mktemp)
trap 'rm -f -- "$output"' EXIT

# Keep dotnet test's exit code, not tee's; set -e must not end the script here.
set +e
dotnet test Chronology.sln -c Release --filter "Category!=Faults" --logger "console;verbosity=normal" 2>&1 | tee "$output"
status=${PIPESTATUS[0]}
# The fault suite restarts its own PostgreSQL and kills processes, so it runs alone, after the rest, on the same
# Release build; its figures land in artifacts/faults/report.md.
rm -f artifacts/faults/report.md
dotnet test tests/Chronology.Faults.Tests -c Release --no-build --logger "console;verbosity=normal" 2>&1 | tee -a "$output"
faults_status=${PIPESTATUS[0]}
# The independent verifier of the transparency log (Node, written from docs/verification.md) against real processes.
tests/verifier/check.sh 2>&1 | tee -a "$output"
verifier_status=${PIPESTATUS[0]}
set -e
if [ "$status" -eq 0 ]; then status=$faults_status; fi
if [ "$status" -eq 0 ]; then status=$verifier_status; fi
if [ -f artifacts/faults/report.md ]; then cat artifacts/faults/report.md; fi

# Name every failed test just above the summary, so that the tail of a CI log says what failed.
# Each with the first line of its error message: the CI log keeps only its tail, and the fault suite's process logs are gone with the clone.
sed 's/\x1b\[[0-9;]*m//g' "$output" | awk '
  /^ +Failed [A-Za-z_][A-Za-z0-9_.]* ?[[(]/ { name = $0; sub(/^ +Failed /, "failed: ", name); print name; expect = 1; next }
  expect && /^ +Error Message:/ { getline message; sub(/^ +/, "", message); print "  " substr(message, 1, 400); expect = 0 }
' | awk '!seen[$0]++' || true

# Sum passed/failed over all test projects (each project is a separate test
# run). The console logger reports each run either as one line (minimal
# verbosity):
#   Passed!  - Failed:     0, Passed:    82, Skipped:     0, Total:    82, Duration: ...
# or, at the normal verbosity used above, as a block:
#   Test Run Successful.
#   Total tests: 82
#        Passed: 82
#    Total time: 1.2 Seconds
# The one-line form wins when present, so nothing is counted twice. ANSI colour
# codes are stripped first, just in case. Prints nothing when neither is found.
sed 's/\x1b\[[0-9;]*m//g' "$output" | awk '
  match($0, /(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+/) {
    split(substr($0, RSTART, RLENGTH), parts, /[:,] */)
    line_failed += parts[2]; line_passed += parts[4]; line_found = 1
    next
  }
  # Projects run in parallel and their lines may interleave, so count open
  # blocks rather than assume one block at a time.
  /^ *Total tests: *[0-9]+ *$/ { open_blocks++; block_found = 1; next }
  open_blocks && /^ *Passed: *[0-9]+ *$/ { sub(/^ *Passed: */, ""); block_passed += $0; next }
  open_blocks && /^ *Failed: *[0-9]+ *$/ { sub(/^ *Failed: */, ""); block_failed += $0; next }
  open_blocks && /^ *Total time:/ { open_blocks-- }
  END {
    if (line_found)       printf "%d passed, %d failed\n", line_passed, line_failed
    else if (block_found) printf "%d passed, %d failed\n", block_passed, block_failed
  }'

exit "$status"
