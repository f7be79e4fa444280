#!/usr/bin/env bash
# Validates deploy/docker-compose.yml without a Docker engine: `docker-compose config` (Debian's docker-compose,
# installed when missing) resolves and checks the file and prints it. Arguments go to `docker-compose config`.
set -euo pipefail
cd "$(dirname -- "$(readlink -f -- "$0")")"
if ! command -v docker-compose >/dev/null; then
  [[ $(id -u) -eq 0 ]] || { echo "compose-check.sh: docker-compose is missing; as root: apt-get install docker-compose" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q docker-compose >/dev/null
fi
exec docker-compose -f docker-compose.yml config "$@"
