#!/usr/bin/env bash
# Sets up, then runs the whole test suite (Release). The real images come from ../shared/images.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" || exit 1
cd "$root"
log=$(mktemp)
dotnet test ImageAot.sln -c Release --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# The slowest tests, to keep the suite's time in view.
echo "slowest tests:"
grep -E '^ +(Passed|Failed) .* \[[0-9.]+ (s|m [0-9]+ s)\]$' "$log" \
  | sed -E 's/^ +(Passed|Failed) (.*) \[(.*)\]$/\3|\2/' \
  | awk -F'|' '{ split($1, a, " "); t = (a[2] == "m") ? a[1] * 60 + a[3] : a[1]; printf "%7.1f s  %s\n", t, $2 }' | sort -rn | head -15
# The console logger's closing lines: "Total tests: N", "Passed: N", "Failed: N" (the last absent when none failed).
summary=$(grep -E '^Total tests: [0-9]+' "$log" | tail -1)
passed=$(grep -E '^ +Passed: [0-9]+$' "$log" | tail -1 | grep -oE '[0-9]+')
failed=$(grep -E '^ +Failed: [0-9]+$' "$log" | tail -1 | grep -oE '[0-9]+')
failed=${failed:-0}
# Each failure again with its message, so the end of a long log says what broke.
if [ "$failed" != 0 ]; then
  echo "failed tests:"
  awk '/^ +Failed ImageAot/ { n = 25 } n > 0 { print; n-- }' "$log"
fi
rm -f "$log"
if [ -z "$summary" ]; then echo "no test summary found"; exit 1; fi
echo "${passed} passed, ${failed} failed"
exit "$status"
