#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine and runs every check and test Kendra Desk has:
# formatting, lints, the core's unit/integration/interop tests, the CLI contract, the TS bindings
# drift check, the UI's type check and unit tests, the app build, and the end-to-end smoke test
# of the real app in WebKit under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
# One target folder for the core, clippy and the app build, so nothing compiles twice.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
export CARGO_TERM_COLOR=never

step() { printf '\n==== %s ====\n' "$*"; }

step "setup"
bash scripts/setup.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "the core builds without any GUI crate"
if cargo tree -p kendra-wire -p kendra-cli -p kendra-ipc -p kendra-sandbox -p kendra-client -p kendra-secrets -p kendra-journal -p kendra-profiles -e normal --prefix none | grep -E '^(tauri|wry|webkit2gtk|gtk|tao)[ -]'; then
  echo "a GUI crate is in the core's dependency tree" >&2
  exit 1
fi
echo "no tauri/wry/webkit/gtk crate under the core crates"

step "UI: type check, unit tests, build"
(cd ui && npm run typecheck && npm test && npm run build)

step "cargo clippy (whole workspace, app included)"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo test (core, CLI, IPC, interop with openssl and the JDK)"
cargo test

step "keyring tests against a real Secret Service (private gnome-keyring)"
bash scripts/with-secret-service.sh cargo test -p kendra-secrets -- --include-ignored
bash scripts/with-secret-service.sh cargo test -p kendra-cli -- --include-ignored

step "TypeScript bindings are up to date"
bash scripts/check-bindings.sh

step "app build and end-to-end smoke test (WebKit under Xvfb)"
bash scripts/build-app.sh
# Under a private Secret Service, as on a desktop: the app saves its Sandbox profiles' keys there;
# the wrapper's throwaway XDG_DATA_HOME also keeps the app's journal out of the user's own folder.
E2E_EXPECT_KEYRING=1 bash scripts/with-secret-service.sh bash scripts/e2e-smoke.sh
