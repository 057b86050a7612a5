#!/usr/bin/env bash
# Stops the server started by start.sh (found through BCGRAPH_NEO4J_HOME) and removes its data.
set -uo pipefail
home="${1:-${BCGRAPH_NEO4J_HOME:-}}"
[ -n "$home" ] && [ -f "$home/run/neo4j.pid" ] || { echo "neo4j: nothing to stop" >&2; exit 0; }
pid="$(cat "$home/run/neo4j.pid")"
kill "$pid" 2>/dev/null
for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
kill -9 "$pid" 2>/dev/null || true
[ -n "${BCGRAPH_NEO4J_KEEP:-}" ] || rm -rf "$home"
echo "neo4j: stopped" >&2
