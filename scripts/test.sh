#!/usr/bin/env bash
# Sets up, then runs the whole test suite (Release). The real images come from ../shared/images.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" || exit 1
cd "$root"
log=$(mktemp)
dotnet test ImageAot.sln -c Release --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
summary=$(grep -E '(Passed|Failed)! +- +Failed: ' "$log" | tail -1)
passed=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$summary")
failed=$(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$summary")
rm -f "$log"
if [ -z "$summary" ]; then echo "no test summary found"; exit 1; fi
echo "${passed} passed, ${failed} failed"
exit "$status"
