#!/usr/bin/env bash
# Runs a command against a real, private, unlocked Secret Service, then tears it down:
#   scripts/with-secret-service.sh cargo test -p kendra-secrets -- --include-ignored
# A private D-Bus session (dbus-run-session) gets its own gnome-keyring-daemon, unlocked with a
# throwaway password and keeping its keyring files in a temporary folder, so the desktop's own
# keyring is never touched. Exits with the command's status. Installs nothing.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 64
fi

missing=()
command -v dbus-run-session >/dev/null 2>&1 || missing+=("dbus-run-session (Debian package dbus)")
command -v dbus-send >/dev/null 2>&1 || missing+=("dbus-send (Debian package dbus)")
command -v gnome-keyring-daemon >/dev/null 2>&1 || missing+=("gnome-keyring-daemon (Debian package gnome-keyring)")
if [ "${#missing[@]}" -gt 0 ]; then
  {
    echo "with-secret-service.sh: cannot start a Secret Service, missing:"
    printf '  - %s\n' "${missing[@]}"
    echo "Install them with: sudo apt-get install gnome-keyring dbus-x11"
    echo "(scripts/setup.sh installs them too)"
  } >&2
  exit 69
fi

scratch="$(mktemp -d "${TMPDIR:-/tmp}/kendra-secret-service.XXXXXX")"
cleanup() { rm -rf "$scratch"; }
trap cleanup EXIT
mkdir -p "$scratch/data" "$scratch/runtime"
chmod 700 "$scratch/runtime"

# The inner script runs inside the private bus; it receives the command as its arguments.
inner='
set -u
# --unlock reads the password on stdin and creates the login keyring with it.
printf "%s" "$KENDRA_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
unset KENDRA_KEYRING_PASSWORD
# The daemon that owns org.freedesktop.secrets on this private bus, to stop it by its own id.
# It claims the name a moment after --unlock returns: wait up to 10 s.
daemon_pid=""
for _ in $(seq 100); do
  daemon_pid="$(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null \
    | sed -n "s/^ *uint32 //p")"
  [ -n "$daemon_pid" ] && break
  sleep 0.1
done
if [ -z "$daemon_pid" ]; then
  echo "with-secret-service.sh: gnome-keyring-daemon did not take org.freedesktop.secrets" >&2
  exit 70
fi
status=0
"$@" || status=$?
kill "$daemon_pid" 2>/dev/null || true
exit "$status"
'

status=0
# gnome-keyring keeps its keyring files under XDG_DATA_HOME; HOME stays (cargo and rustup live there).
env XDG_DATA_HOME="$scratch/data" \
  XDG_RUNTIME_DIR="$scratch/runtime" \
  KENDRA_KEYRING_PASSWORD="throwaway-$$-$RANDOM$RANDOM" \
  dbus-run-session -- bash -c "$inner" with-secret-service "$@" || status=$?
exit "$status"
