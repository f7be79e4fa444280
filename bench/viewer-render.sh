#!/usr/bin/env bash
# First render of the viewer's timeline in Debian's Chromium, against a running API with the sample loaded (./run.sh).
#   bench/viewer-render.sh [API URL, default http://127.0.0.1:5080] [runs, default 15]
# Writes bench/results/viewer-<date>-<commit>.md.
set -euo pipefail
cd "$(dirname -- "$(readlink -f -- "$0")")/.."
command -v chromium >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q fonts-noto-cjk >/dev/null; }
url=${1:-http://127.0.0.1:5080}
runs=${2:-15}
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo -dirty)
mkdir -p bench/results
dotnet build bench/ViewerRender -c Release -v quiet -nologo >/dev/null
dotnet bench/ViewerRender/bin/Release/net10.0/ViewerRender.dll "$url" "$runs" "bench/results/viewer-$(date -u +%Y-%m-%d)-$commit.md"
