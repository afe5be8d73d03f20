#!/usr/bin/env bash
# Package the VS Code extension as a .vsix (works offline from GitHub; node >= 20).
#   editors/vscode/package.sh [OUT.vsix]      default: editors/vscode/baocao-ls-<version>.vsix
# Install it with:  code --install-extension OUT.vsix   (or code-server --install-extension)
# @vscode/vsce is pinned to major 3 (4.x needs node >= 22). It gets no stdin, so it can never
# wait at a y/N prompt.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE"
VERSION=$(node -p "require('./package.json').version")
OUT=${1:-$HERE/baocao-ls-$VERSION.vsix}
case $OUT in /*) ;; *) OUT=$PWD/$OUT ;; esac
mkdir -p "$(dirname "$OUT")"
# exact dependencies from package-lock.json, without dev dependencies
npm ci --omit=dev --no-audit --no-fund --loglevel=error
npx --yes @vscode/vsce@3 package --no-update-package-json --out "$OUT" < /dev/null
echo "packaged: $OUT"
