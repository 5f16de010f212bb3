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
  | sed -E 's/^ +(Passed|Failed) (.*) \[([0-9.]+) (s|m)( [0-9]+ s)?\]$/\3 \4 \2/' \
  | awk '{ t = ($2 == "m") ? $1 * 60 : $1; $1 = ""; $2 = ""; printf "%7.1f s %s\n", t, $0 }' | sort -rn | head -15
summary=$(grep -E '(Passed|Failed)! +- +Failed: ' "$log" | tail -1)
passed=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$summary")
failed=$(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$summary")
rm -f "$log"
if [ -z "$summary" ]; then echo "no test summary found"; exit 1; fi
echo "${passed} passed, ${failed} failed"
exit "$status"
