#!/usr/bin/env bash
# Install code-server (VS Code in the browser) from the npm registry into <dir>, without any
# download from GitHub (which is unreachable on the CI machines).
#
#   install-code-server.sh <dir>          -> <dir>/node_modules/.bin/code-server
#
# Env: CS_VERSION (default 4.100.3 = VS Code 1.100.3, the last code-server whose engines.node is 20;
#      newer ones need node 22/24 first on PATH).
# Needs root for apt-get (native-module build deps). Takes about 1-2 minutes cold, ~300 MB.
set -euo pipefail
DIR=${1:?usage: install-code-server.sh <dir>}
CS_VERSION=${CS_VERSION:-4.100.3}
export DEBIAN_FRONTEND=noninteractive

# Native modules (argon2, kerberos, node-pty, @parcel/watcher, spdlog) are built from source because
# their prebuilt binaries come from GitHub. kerberos needs the gssapi headers. Debian's ripgrep
# stands in for the rg binary that @vscode/ripgrep would download from GitHub.
need=()
for p in build-essential python3 pkg-config libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev ripgrep; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }
fi

# node-gyp must find the node headers locally (it would fetch them from nodejs.org otherwise).
ND=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
[ -d "$ND/include/node" ] && export npm_config_nodedir="$ND"

mkdir -p "$DIR"
cd "$DIR"
[ -f package.json ] || echo '{"name":"baocao-e2e-code-server","private":true}' > package.json
npm install --no-audit --no-fund --ignore-scripts --loglevel=error "code-server@$CS_VERSION"

# @vscode/ripgrep's postinstall fetches rg from GitHub unless a tarball sits in its cache dir
# ($TMPDIR/vscode-ripgrep-cache-<pkg version>/ripgrep-<asset>-x86_64-unknown-linux-musl.tar.gz).
RGV=$(node -p "(require('./node_modules/code-server/lib/vscode/npm-shrinkwrap.json').packages['node_modules/@vscode/ripgrep']||{}).version||''")
if [ -n "$RGV" ]; then
  CACHE="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$RGV"
  mkdir -p "$CACHE"
  PK=$(mktemp -d)
  (cd "$PK" && npm pack --silent "@vscode/ripgrep@$RGV" >/dev/null && tar xzf ./*.tgz package/lib/postinstall.js)
  ASSETS=$(grep -ohE "VERSION = '[^']+'" "$PK/package/lib/postinstall.js" | cut -d"'" -f2 || true)
  cp /usr/bin/rg "$PK/rg"
  for t in ${ASSETS:-v13.0.0-10}; do
    tar czf "$CACHE/ripgrep-$t-x86_64-unknown-linux-musl.tar.gz" -C "$PK" rg
  done
  rm -rf "$PK"
fi

# Now the install scripts: argon2's build and code-server's postinstall (npm install in
# lib/vscode and its extensions). node-pty's postinstall runs `npx node-gyp`, which must not ask.
npm_config_yes=true npm rebuild --unsafe-perm --foreground-scripts --loglevel=error code-server argon2
[ -z "$RGV" ] || test -x node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg
echo "code-server installed: $(node_modules/.bin/code-server --config "$DIR/config.yaml" --version 2>/dev/null | tail -1)"
