#!/usr/bin/env bash
# End-to-end smoke test of the built Kendra Desk app: Xvfb + tauri-driver (→ WebKitWebDriver) +
# tests/e2e/smoke.mjs and every tests/e2e/scenario_*.mjs (plain Node, W3C WebDriver over fetch). Screenshots of every screen go to
# artifacts/screenshots/, logs to artifacts/logs/. Xvfb, tauri-driver and the app are stopped on
# exit, failure or Ctrl-C. Exits non-zero if any check failed; the last line is `N passed, N failed`.
#
# Needs: scripts/install-app-deps.sh once, then scripts/build-app.sh.
#   KENDRA_APP_BIN  app binary (default: $CARGO_TARGET_DIR or target-app, debug build)
#   E2E_PORT        tauri-driver port (default 4444; WebKitWebDriver gets E2E_PORT+1)
#   E2E_ONLY        run only this scenario (e.g. smoke, scenario_admin)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

target_dir="${CARGO_TARGET_DIR:-$ROOT/target-app}"
APP_BIN="${KENDRA_APP_BIN:-$target_dir/debug/kendra-desk}"
PORT="${E2E_PORT:-4444}"
NATIVE_PORT=$((PORT + 1))
LOGS="$ROOT/artifacts/logs"
SHOTS="$ROOT/artifacts/screenshots"

fail_setup() {
  echo "ERROR: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

[ -x "$APP_BIN" ] || fail_setup "app binary not found at $APP_BIN (run scripts/build-app.sh)"
command -v Xvfb >/dev/null || fail_setup "Xvfb missing (run scripts/install-app-deps.sh)"
command -v tauri-driver >/dev/null || fail_setup "tauri-driver missing (run scripts/install-app-deps.sh)"
[ -x /usr/bin/WebKitWebDriver ] || fail_setup "/usr/bin/WebKitWebDriver missing (apt package webkit2gtk-driver)"

mkdir -p "$LOGS" "$SHOTS"
# A full run starts from an empty folder; a single scenario (E2E_ONLY) keeps the others' shots.
if [ -z "${E2E_ONLY:-}" ]; then rm -rf "$SHOTS"; fi
mkdir -p "$SHOTS"

pids=()       # Xvfb
driver_pgid=""  # tauri-driver runs in its own process group with WebKitWebDriver and the app
cleanup() {
  # Stop only what this script started, by id: the driver's process group (tauri-driver,
  # WebKitWebDriver, the app), then Xvfb. Silent, so the result line stays last.
  local p n
  if [ -n "$driver_pgid" ]; then
    kill -TERM -- "-$driver_pgid" 2>/dev/null || true
    n=0
    while kill -0 -- "-$driver_pgid" 2>/dev/null && [ $n -lt 30 ]; do sleep 0.1; n=$((n + 1)); done
    kill -KILL -- "-$driver_pgid" 2>/dev/null || true
  fi
  for p in "${pids[@]}"; do
    kill "$p" 2>/dev/null || true
    n=0
    while kill -0 "$p" 2>/dev/null && [ $n -lt 30 ]; do sleep 0.1; n=$((n + 1)); done
    kill -9 "$p" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free X display, chosen by Xvfb itself.
displayfd_file=$(mktemp)
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$displayfd_file" >"$LOGS/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do [ -s "$displayfd_file" ] && break; sleep 0.1; done
display_num=$(tr -dc '0-9' <"$displayfd_file")
rm -f "$displayfd_file"
[ -n "$display_num" ] || fail_setup "Xvfb did not start (see $LOGS/xvfb.log)"
export DISPLAY=":$display_num"

# setsid (no fork: a background job is not a group leader) gives tauri-driver a process group whose
# id is its pid; WebKitWebDriver and the app it launches inherit it.
setsid tauri-driver --port "$PORT" --native-port "$NATIVE_PORT" --native-driver /usr/bin/WebKitWebDriver \
  >"$LOGS/tauri-driver.log" 2>&1 &
driver_pgid=$!
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  sleep 0.1
done
(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || fail_setup "tauri-driver is not listening on $PORT (see $LOGS/tauri-driver.log)"

# What the status line must show: the workspace (core) version and the Tauri crate actually linked.
core_version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' Cargo.toml)
tauri_version=$(awk '/^name = "tauri"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)

echo "app: $APP_BIN"
echo "display: $DISPLAY, tauri-driver: 127.0.0.1:$PORT, expecting core $core_version, Tauri $tauri_version"
export KENDRA_APP_BIN="$APP_BIN" WEBDRIVER_URL="http://127.0.0.1:$PORT" SCREENSHOT_DIR="$SHOTS" \
  EXPECT_CORE_VERSION="$core_version" EXPECT_TAURI_VERSION="$tauri_version"
# The shell's smoke test first, then one scenario per role (tests/e2e/scenario_*.mjs), each in a
# fresh app process; the tallies add up into the last line.
total_passed=0
total_failed=0
for script in tests/e2e/smoke.mjs tests/e2e/scenario_*.mjs; do
  [ -f "$script" ] || continue
  # E2E_ONLY=scenario_admin runs just that one (while working on a screen).
  if [ -n "${E2E_ONLY:-}" ] && [ "$(basename "$script" .mjs)" != "$E2E_ONLY" ]; then continue; fi
  echo "==== $script"
  out="$LOGS/$(basename "$script" .mjs).log"
  node "$script" 2>&1 | tee "$out"
  tally=$(tail -n1 "$out")
  p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' <<<"$tally")
  f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' <<<"$tally")
  if [ -z "$p" ]; then p=0; f=1; echo "FAIL  $script ended without a tally"; fi
  total_passed=$((total_passed + p))
  total_failed=$((total_failed + f))
done
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
