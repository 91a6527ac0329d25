#!/usr/bin/env bash
# Builds the Kendra Desk desktop app: the UI (type check + Vite into ui/dist), then the Tauri shell
# with plain cargo (the `custom-protocol` default feature embeds ui/dist; no Tauri CLI needed).
#
#   scripts/build-app.sh            debug build
#   scripts/build-app.sh --release  release build
#
# The app builds into $CARGO_TARGET_DIR (default: target-app/, kept apart from the core's target/
# so an app build never holds the lock the core's cargo runs need). Prints the binary's path last.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=debug
cargo_args=()
if [ "${1:-}" = "--release" ]; then
  profile=release
  cargo_args+=(--release)
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target-app}"

if [ ! -d ui/node_modules ]; then
  (cd ui && npm ci --no-audit --no-fund)
fi
echo "==> ui: type check + vite build"
(cd ui && npm run build)

echo "==> cargo build -p kendra-desk ($profile)"
cargo build -p kendra-desk "${cargo_args[@]}"

bin="$CARGO_TARGET_DIR/$profile/kendra-desk"
if [ ! -x "$bin" ]; then
  echo "ERROR: expected binary not found at $bin" >&2
  exit 1
fi
echo "==> built $bin"
