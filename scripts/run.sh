#!/usr/bin/env bash
# The main job: set up, describe an image, then run Smalltalk in it with the image's own compiler
# (default image: Scratch.image from Debian's scratch package; default expression: 0 tinyBenchmarks).
# usage: scripts/run.sh [IMAGE [EXPR]]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" >&2
image="${1:-$root/.cache/scratch/Scratch.image}"
expr="${2:-0 tinyBenchmarks}"
launcher="$root/launcher/bin/Release/net10.0/launcher.dll"
dotnet "$launcher" info "$image"
echo
echo "$expr"
exec dotnet "$launcher" eval "$image" "$expr"
