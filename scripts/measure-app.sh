#!/usr/bin/env bash
# Measures Kendra Desk against a hello-world Tauri window (perf/hello-tauri) built with the same
# toolchain, crates and profile, side by side in one run, under one Xvfb display:
#
#   - time from launch to the first screen: the script notes the wall clock, starts the app, and
#     reads the wall-clock time the app prints once the page has painted its first frame
#     (`first-screen-ms …`, printed when KENDRA_MEASURE_STARTUP=1);
#   - idle memory: after the window has been idle for a few seconds, the total proportional set
#     size (PSS, from /proc/PID/smaps_rollup) of the app process plus its WebKit child processes.
#
# Each program keeps one data folder across its runs: an untimed first start creates it (Kendra
# Desk's sandbox generates its RSA keys then, once); the timed runs are everyday starts.
#
#   scripts/measure-app.sh [--debug] [RUNS]   (default 5 runs of each, alternating; release builds,
#                                             or the debug builds the E2E run uses)
#
# Prints one line per run and a summary with the medians and the differences. Goal (issue 6):
# first screen under 1 s; idle PSS no more than 60 MB above the hello-world window's.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
profile=release
if [ "${1:-}" = "--debug" ]; then profile=debug; shift; fi
RUNS="${1:-5}"
IDLE_SECS="${IDLE_SECS:-5}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target-app}"

echo "==> building $profile binaries (Kendra Desk and the hello-world baseline)"
flag=()
[ "$profile" = release ] && flag=(--release)
bash scripts/build-app.sh "${flag[@]}" >/dev/null
cargo build "${flag[@]}" -p hello-tauri >/dev/null 2>&1 || cargo build "${flag[@]}" -p hello-tauri
APP="$CARGO_TARGET_DIR/$profile/kendra-desk"
HELLO="$CARGO_TARGET_DIR/$profile/hello-tauri"

work=$(mktemp -d)
xvfb_pid=""
cleanup() {
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

displayfd="$work/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$displayfd" >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do [ -s "$displayfd" ] && break; sleep 0.05; done
export DISPLAY=":$(head -n1 "$displayfd")"

now_ms() { date +%s%3N; }

# The PSS (kB) of a process and all its descendants.
tree_pss_kb() {
  local root=$1 total=0 pid
  local pids=("$root")
  local i=0
  while [ $i -lt ${#pids[@]} ]; do
    for child in $(cat /proc/"${pids[$i]}"/task/*/children 2>/dev/null); do pids+=("$child"); done
    i=$((i + 1))
  done
  for pid in "${pids[@]}"; do
    local kb
    kb=$(awk '/^Pss:/ {print $2}' /proc/"$pid"/smaps_rollup 2>/dev/null || echo 0)
    total=$((total + ${kb:-0}))
  done
  echo "$total ${#pids[@]}"
}

# One run: prints "startup_ms pss_kb processes".
measure() {
  local bin=$1 name=$2 n=$3
  # One data folder per program, kept across its runs: the untimed first start creates it (and the
  # sandbox's keys, once, as on a counter PC's first day); the timed runs are everyday starts.
  local out="$work/$name-$n.out" data="$work/data-$name"
  mkdir -p "$data"
  local t0
  t0=$(now_ms)
  XDG_DATA_HOME="$data" KENDRA_MEASURE_STARTUP=1 "$bin" >"$out" 2>"$work/$name-$n.err" &
  local pid=$!
  local shown=""
  for _ in $(seq 600); do
    shown=$(awk '/^first-screen-ms / {print $2; exit}' "$out" 2>/dev/null || true)
    [ -n "$shown" ] && break
    sleep 0.02
  done
  if [ -z "$shown" ]; then
    kill "$pid" 2>/dev/null || true
    echo "ERROR: $name printed no first-screen-ms within 12 s; stderr:" >&2
    cat "$work/$name-$n.err" >&2
    exit 1
  fi
  sleep "$IDLE_SECS"
  local pss
  pss=$(tree_pss_kb "$pid")
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "$((shown - t0)) $pss"
}

mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

: >"$work/app.txt"
: >"$work/hello.txt"
# A first untimed launch of each warms the page cache for both alike and makes their data folders.
read -r first_h_ms first_h_kb _ < <(measure "$HELLO" hello 0)
read -r first_a_ms first_a_kb _ < <(measure "$APP" app 0)
printf 'first start ever (not counted)  hello-world: %5d ms  %7s MB PSS   Kendra Desk: %5d ms  %7s MB PSS\n' \
  "$first_h_ms" "$(mb "$first_h_kb")" "$first_a_ms" "$(mb "$first_a_kb")"
for n in $(seq "$RUNS"); do
  read -r h_ms h_kb h_procs < <(measure "$HELLO" hello "$n")
  read -r a_ms a_kb a_procs < <(measure "$APP" app "$n")
  printf 'run %d  hello-world: %5d ms  %7s MB PSS (%d processes)   Kendra Desk: %5d ms  %7s MB PSS (%d processes)\n' \
    "$n" "$h_ms" "$(mb "$h_kb")" "$h_procs" "$a_ms" "$(mb "$a_kb")" "$a_procs"
  echo "$h_ms $h_kb" >>"$work/hello.txt"
  echo "$a_ms $a_kb" >>"$work/app.txt"
done

h_ms=$(cut -d' ' -f1 "$work/hello.txt" | median)
a_ms=$(cut -d' ' -f1 "$work/app.txt" | median)
h_kb=$(cut -d' ' -f2 "$work/hello.txt" | median)
a_kb=$(cut -d' ' -f2 "$work/app.txt" | median)
echo
echo "medians over $RUNS runs ($profile builds, Xvfb, idle ${IDLE_SECS} s):"
printf '  first screen: Kendra Desk %d ms, hello-world %d ms (Kendra Desk %+d ms; goal < 1000 ms)\n' \
  "$a_ms" "$h_ms" "$((a_ms - h_ms))"
printf '  idle PSS:     Kendra Desk %s MB, hello-world %s MB (Kendra Desk %+d MB; goal <= +60 MB)\n' \
  "$(mb "$a_kb")" "$(mb "$h_kb")" "$(((a_kb - h_kb) / 1024))"
