#!/usr/bin/env bash
# Opens every one of Scratch's 79 sample projects in the recompiled tier, clicks its green flag and
# checks that no error notifier appears (the test suite takes a few a day in turn). About 12 minutes.
# usage: scripts/scratch-projects.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" >&2
IMAGEAOT_SCRATCH_PROJECTS=all exec dotnet test "$root/tests" -c Release --no-build \
  --filter "FullyQualifiedName~ScratchProjectTests" --logger "console;verbosity=normal"
