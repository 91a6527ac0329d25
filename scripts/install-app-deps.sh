#!/usr/bin/env bash
# Installs everything the Kendra Desk app build and its end-to-end smoke test need on Debian 12.
# Idempotent: packages already present are skipped by apt, tauri-driver is installed only if missing,
# and `npm ci` reproduces ui/node_modules from the committed lock file.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

APT_PACKAGES=(
  # Tauri v2 on Linux
  libwebkit2gtk-4.1-dev libsoup-3.0-dev librsvg2-dev libssl-dev pkg-config build-essential
  # E2E: virtual display, WebKit's WebDriver, screenshots, fonts for Latin/Bengali/Devanagari
  xvfb webkit2gtk-driver imagemagick fonts-dejavu-core
  # icon generation (scripts in icons/) and misc
  librsvg2-bin curl
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
else
  echo "==> system packages already installed"
fi

if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "==> cargo install tauri-driver --locked"
  cargo install tauri-driver --locked
else
  echo "==> tauri-driver already installed: $(command -v tauri-driver)"
fi

echo "==> npm ci (ui/)"
(cd ui && npm ci --no-audit --no-fund)
echo "==> app dependencies ready"
