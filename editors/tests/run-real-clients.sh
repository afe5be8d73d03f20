#!/usr/bin/env bash
# Real-client end-to-end tests of baocao-ls:
#   nvim    Neovim headless (Debian's 0.7.2 here) with the plugin in editors/nvim
#   pytest  pytest-lsp with the capability sets recorded from Neovim, VS Code and Emacs
#   vscode  code-server (VS Code 1.100.3) + the platform .vsix with the server inside, driven by
#           Playwright with Debian's Chromium, with no baocao-ls and no Rust toolchain on PATH and
#           no server path setting (the bundled server must be the one used); saves a screenshot
#
# Usage:  editors/tests/run-real-clients.sh [nvim] [pytest] [vscode]     (default: all three)
#         editors/tests/run-real-clients.sh --install-only [clients…]     (just install/cache)
#
# Env:
#   BAOCAO_LS               server binary (default: <repo>/target/debug/baocao-ls, or under
#                           $CARGO_TARGET_DIR); not built here.
#                           The vscode client packages it into the .vsix (package.sh --server)
#   BAOCAO_E2E_VSIX         a .vsix already made by editors/vscode/package.sh, to test instead
#                           (.ci/run passes the release one, server built by package.sh)
#   BAOCAO_E2E_CACHE        where big installs are cached (default: $HOME/.cache/baocao-e2e):
#                           code-server, the pytest-lsp venv, playwright-core
#   BAOCAO_E2E_PENDING      server features not expected to work yet, space separated; their
#                           checks run and print PENDING instead of failing (default below)
#   BAOCAO_E2E_OUT          output dir for screenshots and logs (default: editors/tests/out)
#   BAOCAO_E2E_SCREENSHOT   the VS Code screenshot (default: $BAOCAO_E2E_OUT/vscode.png)
#   BAOCAO_E2E_TIMEOUT      seconds one step may wait (default 30); each client also has a cap
#   BAOCAO_E2E_INSTALL=0    install nothing (use what is there; fail if missing)
#   BAOCAO_E2E_KEEP=1       keep the temporary workspaces (paths are printed)
#   BAOCAO_E2E_NVIM         the Neovim binary (default: nvim, Debian's 0.7.2; 0.11 also passes)
#
# Exit status: 0 when every check of every selected client passed (PENDING checks never fail).
# Needs Debian bookworm (or similar) with node >= 20, npm, python3 >= 3.9; apt-get as root (or sudo).
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
EDITORS=$(dirname "$HERE")
REPO=$(dirname "$EDITORS")

# Features the server does not have yet. Remove a word when the feature lands: its checks then
# count as real PASS/FAIL in every client. (hover: plan/percent in a figure's hover;
# completion: next heading number; plan-percent: the figure diagnostic and its quick fix;
# fix-all: source.fixAll.baocao / "Sửa tất cả số liệu" fixes that figure.)
# Also known to the checks: settings-refresh (pulled diagnostics follow a settings change).
export BAOCAO_E2E_PENDING=${BAOCAO_E2E_PENDING-}

# cargo's target dir: CARGO_TARGET_DIR when set (relative to the current directory, as for cargo)
BIN=${BAOCAO_LS:-${CARGO_TARGET_DIR:-$REPO/target}/debug/baocao-ls}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
export BAOCAO_LS=$BIN
CACHE=${BAOCAO_E2E_CACHE:-$HOME/.cache/baocao-e2e}
OUT=${BAOCAO_E2E_OUT:-$HERE/out}
export BAOCAO_E2E_SCREENSHOT=${BAOCAO_E2E_SCREENSHOT:-$OUT/vscode.png}
export BAOCAO_E2E_TIMEOUT=${BAOCAO_E2E_TIMEOUT:-30}
INSTALL=${BAOCAO_E2E_INSTALL:-1}
CS_VERSION=${CS_VERSION:-4.100.3}
export DEBIAN_FRONTEND=noninteractive

INSTALL_ONLY=
CLIENTS=()
for a in "$@"; do
  case $a in
    --install-only) INSTALL_ONLY=1 ;;
    nvim|neovim) CLIENTS+=(nvim) ;;
    pytest|pytest-lsp) CLIENTS+=(pytest) ;;
    vscode|code-server) CLIENTS+=(vscode) ;;
    -h|--help) sed -n '2,29p' "$0"; exit 0 ;;
    *) echo "unknown argument: $a (expected nvim, pytest, vscode, --install-only)" >&2; exit 2 ;;
  esac
done
[ ${#CLIENTS[@]} -gt 0 ] || CLIENTS=(nvim pytest vscode)
want() { local c; for c in "${CLIENTS[@]}"; do [ "$c" = "$1" ] && return 0; done; return 1; }

mkdir -p "$CACHE/logs" "$OUT"
T0=$(date +%s)
elapsed() { echo $(( $(date +%s) - $1 )); }
say() { echo "[e2e $(elapsed "$T0")s] $*"; }
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

# --- installation (idempotent; quick when everything is already there) -------------------------
APT_UPDATED=
apt_need() {   # apt_need pkg… : install the missing ones
  local p missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$INSTALL" = 0 ]; then echo "missing packages (BAOCAO_E2E_INSTALL=0): ${missing[*]}"; return 1; fi
  say "apt-get install ${missing[*]}"
  if [ -z "$APT_UPDATED" ]; then $SUDO apt-get update -qq >/dev/null 2>&1 || true; APT_UPDATED=1; fi
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$CACHE/logs/apt.log" 2>&1 \
    || { tail -20 "$CACHE/logs/apt.log"; return 1; }
}

hash_of() { cat "$@" | sha256sum | cut -c1-12; }

install_nvim() { [ -n "${BAOCAO_E2E_NVIM:-}" ] || apt_need neovim; }

VENV=
install_pytest() {
  VENV="$CACHE/venv-$(hash_of "$HERE/pytest-lsp/requirements.txt")"
  [ -x "$VENV/bin/pytest" ] && return 0
  [ "$INSTALL" = 0 ] && { echo "no pytest-lsp venv at $VENV"; return 1; }
  python3 -m venv --help >/dev/null 2>&1 || apt_need python3-venv
  say "creating $VENV (pytest-lsp)"
  rm -rf "$VENV"
  { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q --disable-pip-version-check \
      -r "$HERE/pytest-lsp/requirements.txt"; } >"$CACHE/logs/pip.log" 2>&1 \
    || { tail -20 "$CACHE/logs/pip.log"; rm -rf "$VENV"; return 1; }
}

CS_DIR="$CACHE/code-server-$CS_VERSION"
NODE_DIR=
install_vscode() {
  apt_need chromium curl fonts-dejavu-core fonts-noto-mono || return 1   # Noto Mono: Vietnamese in the editor
  if [ ! -f "$CS_DIR/.complete" ]; then
    [ "$INSTALL" = 0 ] && { echo "no code-server at $CS_DIR"; return 1; }
    say "installing code-server $CS_VERSION into $CS_DIR (1-2 min, log: $CACHE/logs/code-server.log)"
    rm -rf "$CS_DIR"
    CS_VERSION=$CS_VERSION bash "$HERE/lib/install-code-server.sh" "$CS_DIR" >"$CACHE/logs/code-server.log" 2>&1 \
      || { tail -30 "$CACHE/logs/code-server.log"; return 1; }
    touch "$CS_DIR/.complete"
  fi
  # playwright-core, pinned by editors/tests/vscode/package-lock.json, installed outside the repo
  NODE_DIR="$CACHE/node-$(hash_of "$HERE/vscode/package.json" "$HERE/vscode/package-lock.json")"
  if [ ! -f "$NODE_DIR/.complete" ]; then
    [ "$INSTALL" = 0 ] && { echo "no playwright-core at $NODE_DIR"; return 1; }
    say "npm ci playwright-core into $NODE_DIR"
    rm -rf "$NODE_DIR"; mkdir -p "$NODE_DIR"
    cp "$HERE/vscode/package.json" "$HERE/vscode/package-lock.json" "$NODE_DIR/"
    (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error) >"$CACHE/logs/npm-e2e.log" 2>&1 \
      || { tail -20 "$CACHE/logs/npm-e2e.log"; return 1; }
    touch "$NODE_DIR/.complete"
  fi
}

# --- run -------------------------------------------------------------------------------------------
PASSED=(); FAILED=()
result() { if [ "$2" -eq 0 ]; then PASSED+=("$1"); echo "ok - $1 ($3 s)"; else FAILED+=("$1"); echo "not ok - $1 ($3 s, exit $2)"; fi; }

# A temporary workspace: the corpus report and a few small files, never the repo itself.
make_ws() {
  local ws; ws=$(mktemp -d "${TMPDIR:-/tmp}/baocao-e2e-$1.XXXXXX")
  cp "$REPO/tests/corpus/cam-giang-2021.txt" "$ws/"
  chmod u+w "$ws"/*.txt
  printf '# Ghi chú dự án\n\nTệp này không phải báo cáo.\n\n1. Cài đặt\n\n3. Chạy thử\n' > "$ws/README.md"
  echo "$ws"
}
cleanup_ws() { [ -n "${BAOCAO_E2E_KEEP:-}" ] && { say "kept $1"; return; }; rm -rf "$1"; }

run_nvim() {
  local ws; ws=$(make_ws nvim)
  (cd "$ws" && timeout -k 5 $((BAOCAO_E2E_TIMEOUT * 12)) "${BAOCAO_E2E_NVIM:-nvim}" --headless -u NONE -i NONE -n \
      --cmd "set rtp^=$EDITORS/nvim" -c "luafile $HERE/nvim/e2e.lua")
  local rc=$?; cleanup_ws "$ws"; return $rc
}

run_pytest() {
  (cd "$HERE/pytest-lsp" && timeout -k 5 $((BAOCAO_E2E_TIMEOUT * 20)) "$VENV/bin/python" -m pytest \
      -p no:cacheprovider -v -s --color=no .)
}

run_vscode() {
  local vsix rc
  if [ -n "${BAOCAO_E2E_VSIX:-}" ]; then
    vsix=$BAOCAO_E2E_VSIX
    [ -f "$vsix" ] || { echo "FAIL vsix-package no file $vsix (BAOCAO_E2E_VSIX)"; return 1; }
    echo "PASS vsix-package given: $vsix, $(du -k "$vsix" | cut -f1) KB"
  else
    vsix="$OUT/baocao-ls.vsix"
    say "packaging the extension with the server under test inside (editors/vscode/package.sh --server $BIN)"
    timeout -k 5 600 bash "$EDITORS/vscode/package.sh" --server "$BIN" "$vsix" >"$OUT/package.log" 2>&1 \
      || { tail -30 "$OUT/package.log"; echo "FAIL vsix-package"; return 1; }
    echo "PASS vsix-package $(tail -1 "$OUT/package.log"), no vsce warning"
  fi
  local ws; ws=$(make_ws vscode)
  NODE_PATH="$NODE_DIR/node_modules" CODE_SERVER="$CS_DIR/node_modules/.bin/code-server" VSIX="$vsix" \
    WS="$ws" timeout -k 10 $((BAOCAO_E2E_TIMEOUT * 16)) env -u BAOCAO_LS bash "$HERE/vscode/run.sh"
  rc=$?; cleanup_ws "$ws"; return $rc
}

say "server: $BIN"
say "clients: ${CLIENTS[*]}; pending server features: ${BAOCAO_E2E_PENDING:-none}"
if [ -z "$INSTALL_ONLY" ] && [ ! -x "$BIN" ]; then
  echo "FAIL server binary not found: $BIN (run cargo build, or set BAOCAO_LS)"; exit 1
fi
for c in "${CLIENTS[@]}"; do
  t=$(date +%s)
  if "install_$c"; then say "install $c: $(elapsed "$t") s"; else result "install-$c" 1 "$(elapsed "$t")"; fi
done
if [ -n "$INSTALL_ONLY" ]; then
  say "install done"; [ ${#FAILED[@]} -eq 0 ]; exit $?
fi
for c in "${CLIENTS[@]}"; do
  case " ${FAILED[*]-} " in *" install-$c "*) continue ;; esac
  echo "=== $c"
  t=$(date +%s)
  "run_$c"; result "$c" $? "$(elapsed "$t")"
done
say "real clients: ${#PASSED[@]} passed, ${#FAILED[@]} failed${FAILED:+ (${FAILED[*]})}"
[ ${#FAILED[@]} -eq 0 ]
