#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds Kendra Desk and opens it.
# Without a display (a server, CI) it starts a virtual one (Xvfb) so the app still runs.
set -euo pipefail
cd "$(dirname "$0")/.."
# One target folder for the core, clippy and the app build, so nothing compiles twice.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
bash scripts/setup.sh
bash scripts/build-app.sh
app="$CARGO_TARGET_DIR/debug/kendra-desk"
echo "==> starting $app"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "==> no display found: running under xvfb-run (virtual screen 1280x800)"
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$app"
fi
exec "$app"
