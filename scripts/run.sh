#!/usr/bin/env bash
# The main job: set up, then describe an image (default: Scratch.image from Debian's scratch package).
# usage: scripts/run.sh [IMAGE] [--json]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" >&2
image="${1:-$root/.cache/scratch/Scratch.image}"
shift || true
exec dotnet "$root/launcher/bin/Release/net10.0/launcher.dll" info "$image" "$@"
