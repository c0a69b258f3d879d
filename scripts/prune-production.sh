#!/bin/sh
# Shrinks a production node_modules (`npm ci --omit=dev`) for the Docker images: removes what
# Node never loads at run time (type declarations, source maps, docs, TypeORM's browser build,
# TypeScript sources shipped beside the JavaScript). Used by Dockerfile.server and
# Dockerfile.runner, and by the test that boots the server from such an install
# (test/production-install.e2e-spec.ts).
set -eu
dir=${1:?usage: prune-production.sh NODE_MODULES_DIR}
find "$dir" -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' \
  -o -name '*.md' -o -name '*.markdown' -o -name 'CHANGELOG*' \) -delete
rm -rf "$dir/@types" "$dir/typeorm/browser" "$dir/openai/src"
