#!/usr/bin/env bash
# The main job: set up, describe an image, recompile it into out/NAME.dll, then run it in the
# recompiled tier: in a window when there is an X display, else headless with a screenshot
# written to out/NAME.png after 15 s. With an expression, evaluate it with the image's own
# compiler instead. Default image: Scratch.image from Debian's scratch package.
# usage: scripts/run.sh [IMAGE [EXPR]]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" >&2
image="${1:-$root/.cache/scratch/Scratch.image}"
launcher="$root/launcher/bin/Release/net10.0/launcher.dll"
dotnet "$launcher" info "$image"
echo
name=$(basename "$image"); name="${name%.*}"
mkdir -p "$root/out"
dotnet "$root/recompiler/bin/Release/net10.0/recompile.dll" "$image" -o "$root/out/$name.dll"
echo
if [ $# -ge 2 ]; then
  echo "$2"
  exec dotnet "$launcher" eval "$image" "$2" --assembly "$root/out/$name.dll"
fi
if [ -n "${DISPLAY:-}" ]; then
  echo "running $name in a window (close it to quit)"
  exec dotnet "$launcher" run "$image" --assembly "$root/out/$name.dll"
fi
echo "no X display: running $name headless for 15 s; its screen goes to out/$name.png"
exec dotnet "$launcher" run "$image" --headless --assembly "$root/out/$name.dll" --screenshot "$root/out/$name.png" --after 15
