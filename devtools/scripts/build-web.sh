#!/usr/bin/env bash
# Builds mpsim for the browser: crates/web as WebAssembly (the `web` profile), then wasm-bindgen's JS glue,
# into $CARGO_TARGET_DIR/mpsim-web (where `mpsim web` looks for it). The wasm-bindgen CLI must
# be the version of the wasm-bindgen crate in Cargo.lock; if it is not on PATH it is installed
# into $HOME/.cache/mpsim-tools, which survives between runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mpsim-target}"
version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
tools="$HOME/.cache/mpsim-tools"
export PATH="$tools/bin:$PATH"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$version" ]; then
  echo "installing wasm-bindgen-cli $version into $tools"
  cargo install wasm-bindgen-cli --version "$version" --root "$tools" >/dev/null
fi
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
# The `web` profile (Cargo.toml): opt-level "s", chosen by measurement (see the note above [profile.web] in Cargo.toml).
cargo build --profile web --target wasm32-unknown-unknown -p mpsim-web
out="$CARGO_TARGET_DIR/mpsim-web"
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
  --out-dir "$out" \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/web/mpsim_web.wasm"
wasm="$out/mpsim_web_bg.wasm"
echo "built $out: $(stat -c %s "$wasm") bytes of wasm, $(gzip -9 -c "$wasm" | wc -c) gzipped"
