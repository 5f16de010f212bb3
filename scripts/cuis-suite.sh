#!/usr/bin/env bash
# Runs all of Cuis 5.0's own SUnit suite in both tiers and checks every outcome against the known
# failures listed (with their causes) in tests/CuisSuiteTests.cs; the test suite runs a sixth
# of its classes a day. About 5 minutes.
# usage: scripts/cuis-suite.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" >&2
IMAGEAOT_CUIS_SUITE=all exec dotnet test "$root/tests" -c Release --no-build \
  --filter "FullyQualifiedName~CuisSuiteTests" --logger "console;verbosity=normal"
