#!/usr/bin/env bash
# Installs the JavaScript dependencies of the workspace. Needs only Node 20 and npm.
# corepack's pnpm download fails its signature check on some machines, so pnpm comes from npm.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v pnpm >/dev/null 2>&1 || ! pnpm --version 2>/dev/null | grep -q '^10\.'; then
  echo "concord: installing pnpm 10 with npm"
  npm install --global pnpm@10 >/dev/null
fi
# better-sqlite3 builds from source when no prebuilt binary can be downloaded (about two minutes).
pnpm install --frozen-lockfile --prefer-offline
