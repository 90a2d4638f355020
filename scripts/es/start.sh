#!/usr/bin/env bash
# Start a background single-node Elasticsearch (real ES 9 server in a JVM, see README.md).
# Builds scripts/es if needed (mvn -q -B package), picks a free port, waits for yellow health,
# prints the URL (e.g. http://127.0.0.1:40123) and writes scripts/es/.run/es.{pid,url,log}.
# Env: ES_PORT (0 = any free port), ES_HEAP (512m), ES_LOG_LEVEL (WARN), ES_JAVA_HOME (JDK >= 21), ES_STATE_DIR.
set -euo pipefail
exec node "$(dirname "$0")/es-node.mjs" start
