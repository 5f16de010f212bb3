#!/usr/bin/env bash
# Makes a fresh Debian machine ready for ImageAot: installs the Debian packages the project
# uses (libsdl2 for the window; fonts-dejavu-core, the font Scratch's text falls back to;
# squeak-vm, the classic C VM the tests compare against; Xvfb,
# x11-apps, x11-xserver-utils, imagemagick, gcc, libx11-dev, xdotool, python3-pil and
# python3-numpy for the window and screenshot tests), fetches Scratch.image from
# Debian's scratch package into .cache/, and builds the solution in Release.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
apt_updated=0
apt_update() { [ "$apt_updated" = 1 ] || { $sudo apt-get update -qq; apt_updated=1; }; }

missing=()
for pkg in libsdl2-2.0-0 fonts-dejavu-core squeak-vm xvfb x11-apps x11-utils x11-xserver-utils imagemagick gcc libx11-dev xdotool python3-pil python3-numpy; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  apt_update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

scratch="$root/.cache/scratch/Scratch.image"
if [ ! -s "$scratch" ] || [ ! -d "$root/.cache/scratch/Projects" ]; then
  echo "setup: fetching Scratch (image, sample projects, media) from Debian's scratch package"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  chmod 777 "$tmp"
  (cd "$tmp" && { apt-get download scratch >/dev/null 2>&1 || { apt_update && apt-get download scratch >/dev/null 2>&1; }; })
  dpkg -x "$tmp"/scratch_*.deb "$tmp/x"
  mkdir -p "$(dirname "$scratch")"
  cp "$tmp/x/usr/share/scratch/Scratch.image" "$scratch"
  # Scratch finds its sample projects, media, help and translations beside its image.
  for d in Projects Media Help locale; do
    [ -d "$tmp/x/usr/share/scratch/$d" ] && { rm -rf "$root/.cache/scratch/$d"; cp -r "$tmp/x/usr/share/scratch/$d" "$root/.cache/scratch/$d"; }
  done
  [ -f "$tmp/x/usr/share/scratch/Scratch.ini" ] && cp "$tmp/x/usr/share/scratch/Scratch.ini" "$root/.cache/scratch/"
fi

echo "setup: building (Release)"
dotnet build ImageAot.sln -c Release -nologo -v quiet -clp:ErrorsOnly
