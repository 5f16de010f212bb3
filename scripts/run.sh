#!/usr/bin/env bash
# The main job: set up, describe an image, recompile it into out/NAME.dll, then run Smalltalk in
# it (recompiled tier) with the image's own compiler
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
name=$(basename "$image"); name="${name%.*}"
mkdir -p "$root/out"
dotnet "$root/recompiler/bin/Release/net10.0/recompile.dll" "$image" -o "$root/out/$name.dll"
echo
echo "$expr"
exec dotnet "$launcher" eval "$image" "$expr" --assembly "$root/out/$name.dll"
