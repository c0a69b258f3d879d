#!/usr/bin/env bash
# Measures the server image's production install the way Dockerfile.server makes it:
# `npm ci --omit=dev --omit=optional`, then scripts/prune-production.sh. Prints sizes in MB.
# (No Docker engine is needed; the base image node:22-alpine adds its own published size.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$root/package.json" "$root/package-lock.json" "$work/"
(cd "$work" && npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund --prefer-offline >/dev/null)
before=$(du -sm "$work/node_modules" | cut -f1)
sh "$root/scripts/prune-production.sh" "$work/node_modules"
after=$(du -sm "$work/node_modules" | cut -f1)
[[ -d "$root/dist" ]] || (cd "$root" && npm run build >/dev/null)
dist=$(du -sm "$root/dist" | cut -f1)
echo "production node_modules: ${before} MB installed, ${after} MB after pruning"
echo "compiled dist/: ${dist} MB"
echo "server application layer: $((after + dist)) MB (plus the node:22-alpine base image)"
