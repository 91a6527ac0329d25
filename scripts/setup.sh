#!/usr/bin/env bash
# Installs everything Kendra Desk needs on a fresh Debian 12 machine: system packages, the Rust
# toolchain check, Node, the app's WebKit/GTK libraries, tauri-driver and the UI's npm packages.
# Idempotent: safe to run before every build or test run.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

CORE_PACKAGES=(
  build-essential pkg-config ca-certificates curl git
  # independent crypto references for the interop tests
  openssl openjdk-17-jdk-headless poppler-utils
  # a real Secret Service for the keyring tests (scripts/with-secret-service.sh)
  gnome-keyring dbus-x11
)
missing=()
for p in "${CORE_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# A JDK from elsewhere is fine as long as javac and java run.
if command -v javac >/dev/null 2>&1 && command -v java >/dev/null 2>&1; then
  missing=("${missing[@]/openjdk-17-jdk-headless}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi

# Rust: rustup's stable toolchain (Debian's own cargo is too old for Tauri 2).
if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "==> installing Rust with rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c clippy -c rustfmt
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi
echo "==> $(cargo --version)"
for component in clippy rustfmt; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1 && command -v rustup >/dev/null 2>&1; then
    rustup component add "$component"
  fi
done

# Node 20.19+ for Vite (Debian 12's own nodejs is 18).
node_major() { node --version 2>/dev/null | sed -E 's/^v([0-9]+)\..*/\1/'; }
if [ -z "$(node_major)" ] || [ "$(node_major)" -lt 20 ]; then
  echo "==> installing Node.js 20"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends nodejs npm
  $SUDO npm install -g n
  $SUDO n 20
  hash -r
fi
echo "==> node $(node --version), npm $(npm --version)"

bash scripts/install-app-deps.sh
echo "==> setup complete"
