#!/usr/bin/env bash
# Regenerates the TypeScript bindings (ts-rs, via `cargo test -p kendra-ipc`) into bindings/ and fails
# if the result differs from what is committed: changed, deleted or new untracked files.
set -euo pipefail
cd "$(dirname "$0")/.."

# Start from an empty folder so a type removed from Rust also removes its stale .ts file.
find bindings -maxdepth 1 -name '*.ts' -delete 2>/dev/null || true
mkdir -p bindings
cargo test -p kendra-ipc --quiet >/dev/null

status=0
if ! git diff --exit-code --stat -- bindings/; then
  status=1
fi
untracked=$(git ls-files --others --exclude-standard -- bindings/)
if [ -n "$untracked" ]; then
  echo "untracked generated bindings:"
  echo "$untracked" | sed 's/^/  /'
  status=1
fi

if [ "$status" -ne 0 ]; then
  echo
  echo "ERROR: bindings/ is out of date with the Rust types in crates/kendra-ipc."
  echo "       Run 'cargo test -p kendra-ipc' and commit the changes under bindings/."
  exit 1
fi
echo "bindings/ is up to date."
