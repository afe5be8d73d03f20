#!/usr/bin/env bash
# Start code-server (VS Code in the browser) with the platform .vsix installed on a temporary
# workspace and drive it with Playwright + Debian's Chromium (e2e.js). Called by
# ../run-real-clients.sh.
#
# As on a report writer's machine: the extension gets no server path setting, no BAOCAO_LS, and
# a PATH with no baocao-ls and no Rust toolchain on it, so it can only use the server inside the
# .vsix; e2e.js checks that the server processes run that binary.
# Env (all required unless noted):
#   CODE_SERVER   the code-server launcher          VSIX    the platform .vsix (package.sh)
#   WS            the workspace folder (has cam-giang-2021.txt and README.md)
#   NODE_PATH     where playwright-core is installed
#   BAOCAO_E2E_SCREENSHOT, BAOCAO_E2E_TIMEOUT, BAOCAO_E2E_PENDING (optional; see ../run-real-clients.sh)
#   BAOCAO_E2E_KEEP=1 keeps the code-server profile and log
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
: "${CODE_SERVER:?}" "${VSIX:?}" "${WS:?}" "${NODE_PATH:?}"
REPO=$(cd "$HERE/../../.." && pwd -P)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/baocao-e2e-code-server.XXXXXX")
mkdir -p "$WORK/data/User" "$WORK/ext"

# PATH without baocao-ls and without a Rust toolchain: drop ~/.cargo, ~/.rustup, the repository
# (its target dirs) and every folder holding baocao-ls, cargo, rustc or rustup.
SAFE_PATH=
IFS=: read -r -a PATH_DIRS <<< "$PATH"
for d in "${PATH_DIRS[@]}"; do
  [ -n "$d" ] && [ -d "$d" ] || continue
  d=$(cd "$d" && pwd -P)
  case $d in "$HOME"/.cargo* | "$HOME"/.rustup* | "$REPO" | "$REPO"/*) continue ;; esac
  if [ -e "$d/baocao-ls" ] || [ -e "$d/cargo" ] || [ -e "$d/rustc" ] || [ -e "$d/rustup" ]; then continue; fi
  case ":$SAFE_PATH:" in *":$d:"*) continue ;; esac
  SAFE_PATH=${SAFE_PATH:+$SAFE_PATH:}$d
done
for tool in baocao-ls cargo rustc rustup; do
  if found=$(PATH=$SAFE_PATH command -v "$tool"); then echo "FAIL no-server-on-path ($tool at $found)"; exit 1; fi
done
PATH=$SAFE_PATH command -v node >/dev/null || { echo "FAIL no-server-on-path (node, which code-server needs, is not left on PATH=$SAFE_PATH)"; exit 1; }
echo "PASS no-server-on-path no baocao-ls, cargo, rustc or rustup on PATH=$SAFE_PATH; no BAOCAO_LS; no baocao.server.path"

# No baocao.server.path: the extension must find its server by itself.
python3 - "$WORK/data/User/settings.json" <<'PY'
import json, sys
json.dump({
    "workbench.startupEditor": "none", "security.workspace.trust.enabled": False,
    "telemetry.telemetryLevel": "off", "update.mode": "none", "extensions.autoCheckUpdates": False,
    "extensions.autoUpdate": False, "extensions.ignoreRecommendations": True, "workbench.tips.enabled": False,
    "workbench.enableExperiments": False, "chat.disableAIFeatures": True, "git.enabled": False,
    "files.autoSave": "off", "editor.hover.delay": 150, "editor.hover.sticky": True,
    "editor.wordWrap": "on", "editor.minimap.enabled": False, "outline.collapseItems": "alwaysCollapse",
    "workbench.colorTheme": "Default Light Modern", "window.commandCenter": False,
    "editor.fontFamily": "'Noto Mono', 'DejaVu Sans Mono', monospace", "editor.fontSize": 14,
    "explorer.openEditors.visible": 0, "timeline.pageOnScroll": False,
    "baocao.trace.server": "messages",
}, open(sys.argv[1], "w"), indent=1, ensure_ascii=False)
PY
CSARGS=(--config "$WORK/config.yaml" --user-data-dir "$WORK/data" --extensions-dir "$WORK/ext")
env -u BAOCAO_LS PATH="$SAFE_PATH" "$CODE_SERVER" "${CSARGS[@]}" --install-extension "$VSIX" > "$WORK/install.log" 2>&1 \
  || { cat "$WORK/install.log"; echo "FAIL vsix-install"; exit 1; }
SERVER_BIN=$(find "$WORK/ext" -path '*/server/baocao-ls' -type f | head -1)
if [ -n "$SERVER_BIN" ] && [ -x "$SERVER_BIN" ]; then
  echo "PASS vsix-install $(grep -o "baocao-ls[^ ']*" "$WORK/install.log" | head -1); server inside: ${SERVER_BIN#"$WORK/"} ($(du -k "$SERVER_BIN" | cut -f1) KB, executable)"
else
  echo "FAIL vsix-install no executable server/baocao-ls in the installed extension"; find "$WORK/ext" -maxdepth 3; exit 1
fi
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
# Own session and process group: code-server, its extension host and baocao-ls all end together.
env -u BAOCAO_LS PATH="$SAFE_PATH" setsid "$CODE_SERVER" "${CSARGS[@]}" --bind-addr "127.0.0.1:$PORT" --auth none \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  "$WS" > "$WORK/code-server.log" 2>&1 &
CS_PID=$!
cleanup() {
  kill -TERM -- "-$CS_PID" 2>/dev/null || true
  for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 -- "-$CS_PID" 2>/dev/null || break; sleep 0.3; done
  kill -KILL -- "-$CS_PID" 2>/dev/null || true
  if [ -n "${BAOCAO_E2E_KEEP:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
up=
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && { up=1; break; }
  kill -0 "$CS_PID" 2>/dev/null || break
  sleep 0.5
done
[ -n "$up" ] || { echo "FAIL code-server-start"; tail -30 "$WORK/code-server.log"; exit 1; }
rc=0
CS_URL="http://127.0.0.1:$PORT/?folder=$WS" VSCODE_LOGS="$WORK/data/logs" CS_SESSION=$CS_PID SERVER_BIN="$SERVER_BIN" \
  node "$HERE/e2e.js" || rc=$?
if [ $rc -ne 0 ]; then
  echo "--- code-server.log (tail)"; tail -30 "$WORK/code-server.log"
  LOG=$(find "$WORK/data/logs" -name '*Báo cáo*' -o -name '*baocao*' 2>/dev/null | head -1)
  [ -z "$LOG" ] || { echo "--- extension output ($LOG)"; tail -30 "$LOG"; }
fi
exit $rc
