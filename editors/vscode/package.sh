#!/usr/bin/env bash
# Package the VS Code extension as a platform .vsix with the baocao-ls server inside (the way
# rust-analyzer, ruff and typos-lsp ship), so that a report writer needs no Rust toolchain.
#
#   editors/vscode/package.sh [--target RUST_TARGET] [--server BINARY] [OUT.vsix]
#
#   --target RUST_TARGET  the Rust target to build the server for; default: this machine's
#                         (`rustc -vV`). It decides the VS Code target (`vsce package --target`):
#       x86_64-unknown-linux-gnu      linux-x64      aarch64-unknown-linux-gnu     linux-arm64
#       armv7-unknown-linux-gnueabihf linux-armhf
#       x86_64-unknown-linux-musl     alpine-x64     aarch64-unknown-linux-musl    alpine-arm64
#       x86_64-apple-darwin           darwin-x64     aarch64-apple-darwin          darwin-arm64
#       x86_64-pc-windows-msvc        win32-x64      aarch64-pc-windows-msvc       win32-arm64
#     A target other than the machine's needs `rustup target add RUST_TARGET` and its linker
#     (or build on that platform).
#   --server BINARY       bundle this baocao-ls binary (built for RUST_TARGET) instead of
#                         running `cargo build --release`.
#   OUT.vsix              default: editors/vscode/baocao-ls-<version>-<vscode target>.vsix
#
# Install it with: code --install-extension OUT.vsix   (code-server --install-extension likewise)
#
# Steps: cargo build --release --locked (the release profile: no debug info, stripped), copy the
# binary to server/, npm ci (exact versions from package-lock.json: vscode-languageclient, and
# esbuild and @vscode/vsce as dev dependencies), bundle the JavaScript (bundle.js: one file,
# dist/extension.js), vsce package --target. Needs node >= 20 (and cargo unless --server).
# vsce gets no stdin, so it can never wait at a y/N prompt; any warning it prints fails the script.
set -euo pipefail
CALLER=$PWD
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)

RUST_TARGET=
SERVER=
OUT=
while [ $# -gt 0 ]; do
  case $1 in
    --target) RUST_TARGET=${2:?--target needs a Rust target}; shift 2 ;;
    --target=*) RUST_TARGET=${1#--target=}; shift ;;
    --server) SERVER=${2:?--server needs a binary}; shift 2 ;;
    --server=*) SERVER=${1#--server=}; shift ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    -*) echo "package.sh: unknown option $1" >&2; exit 2 ;;
    *) OUT=$1; shift ;;
  esac
done

# The Rust target: given, or this machine's.
HOST=
if command -v rustc >/dev/null 2>&1; then HOST=$(rustc -vV | sed -n 's/^host: //p'); fi
TARGET=${RUST_TARGET:-$HOST}
[ -n "$TARGET" ] || { echo "package.sh: no rustc to tell this machine's target; give --target" >&2; exit 2; }

vscode_target() {
  case $1 in
    x86_64-unknown-linux-gnu) echo linux-x64 ;;
    aarch64-unknown-linux-gnu) echo linux-arm64 ;;
    armv7-unknown-linux-gnueabihf) echo linux-armhf ;;
    x86_64-unknown-linux-musl) echo alpine-x64 ;;
    aarch64-unknown-linux-musl) echo alpine-arm64 ;;
    x86_64-apple-darwin) echo darwin-x64 ;;
    aarch64-apple-darwin) echo darwin-arm64 ;;
    x86_64-pc-windows-msvc | x86_64-pc-windows-gnu) echo win32-x64 ;;
    aarch64-pc-windows-msvc) echo win32-arm64 ;;
    *) return 1 ;;
  esac
}
VSCODE_TARGET=$(vscode_target "$TARGET") \
  || { echo "package.sh: no VS Code target for the Rust target $TARGET (see --help)" >&2; exit 2; }
EXE=baocao-ls
case $TARGET in *windows*) EXE=baocao-ls.exe ;; esac

cd "$HERE"
VERSION=$(node -p "require('./package.json').version")
OUT=${OUT:-$HERE/baocao-ls-$VERSION-$VSCODE_TARGET.vsix}
case $OUT in /*) ;; *) OUT=$CALLER/$OUT ;; esac   # relative to where the script was called from
mkdir -p "$(dirname "$OUT")"

# --- the server ---------------------------------------------------------------------------------
if [ -z "$SERVER" ]; then
  TARGET_ARGS=()
  [ -z "$RUST_TARGET" ] || TARGET_ARGS=(--target "$RUST_TARGET")
  echo "== cargo build --release --locked ${TARGET_ARGS[*]-}"
  (cd "$REPO" && cargo build --release --locked --bin baocao-ls ${TARGET_ARGS[@]+"${TARGET_ARGS[@]}"})
  TARGET_DIR=$(cd "$REPO" && cargo metadata --format-version 1 --no-deps | node -e \
    'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')
  SERVER=$TARGET_DIR/${RUST_TARGET:+$RUST_TARGET/}release/$EXE
fi
case $SERVER in /*) ;; *) SERVER=$CALLER/$SERVER ;; esac
[ -f "$SERVER" ] || { echo "package.sh: no server binary at $SERVER" >&2; exit 1; }
rm -rf "$HERE/server"
mkdir -p "$HERE/server"
cp "$SERVER" "$HERE/server/$EXE"
chmod 755 "$HERE/server/$EXE"
if [ "$TARGET" = "$HOST" ]; then   # it runs here: say which one it is
  echo "server: $("$HERE/server/$EXE" --version) ($SERVER, $(du -k "$HERE/server/$EXE" | cut -f1) KB)"
fi

# --- the JavaScript and the .vsix ---------------------------------------------------------------
echo "== npm ci"
npm ci --no-audit --no-fund --loglevel=error
echo "== vsce package --target $VSCODE_TARGET (bundles the JavaScript first: vscode:prepublish)"
LOG=$(mktemp)
trap 'rm -f "$LOG"; rm -rf "$HERE/server"' EXIT
# --no-dependencies: node_modules stays out, everything the extension runs is in dist/extension.js.
./node_modules/.bin/vsce package --target "$VSCODE_TARGET" --no-dependencies --no-update-package-json \
  --out "$OUT" < /dev/null 2>&1 | tee "$LOG" || { echo "package.sh: vsce failed" >&2; exit 1; }
if grep -qi 'warning' "$LOG"; then
  echo "package.sh: vsce printed a warning (above); the package must be clean" >&2
  exit 1
fi
echo "packaged: $OUT ($VSCODE_TARGET, $(du -k "$OUT" | cut -f1) KB; server $(du -k "$HERE/server/$EXE" | cut -f1) KB)"
