#!/usr/bin/env bash
# Stop the background Elasticsearch started by start.sh (SIGTERM, then SIGKILL after 30 s).
set -euo pipefail
exec node "$(dirname "$0")/es-node.mjs" stop
