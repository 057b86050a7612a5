#!/usr/bin/env bash
# Starts a real Neo4j 5.26 Community server assembled from Maven Central jars (no Docker, no tarball),
# listening on loopback only, and prints the environment to reach it:
#
#   eval "$(integration/neo4j/start.sh)"    # exports NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_HTTP_URL, BCGRAPH_NEO4J_HOME
#   integration/neo4j/stop.sh               # stops it and removes its data
#
# Jars are cached in Maven's local repository, so only the first run downloads (~200 MB).
# Progress goes to stderr; only the export lines go to stdout.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="${BCGRAPH_NEO4J_HOME:-$(mktemp -d -t bcgraph-neo4j.XXXXXX)}"
password="${NEO4J_PASSWORD:-bcgraph-test-password}"
log() { echo "neo4j: $*" >&2; }

mkdir -p "$home/conf" "$home/data" "$home/logs" "$home/run" "$home/import" "$home/plugins"
log "collecting jars (cached in ~/.m2 after the first run)"
mvn -B -q -f "$here/pom.xml" dependency:copy-dependencies \
  -DoutputDirectory="$home/lib" -DincludeScope=runtime >"$home/logs/maven.log" 2>&1 \
  || { log "maven could not fetch the jars:"; cat "$home/logs/maven.log" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
bolt_port="${BCGRAPH_NEO4J_BOLT_PORT:-$(free_port)}"
http_port="${BCGRAPH_NEO4J_HTTP_PORT:-$(free_port)}"

cat >"$home/conf/neo4j.conf" <<CONF
server.default_listen_address=127.0.0.1
server.default_advertised_address=127.0.0.1
server.bolt.enabled=true
server.bolt.listen_address=127.0.0.1:$bolt_port
server.bolt.advertised_address=127.0.0.1:$bolt_port
server.http.enabled=true
server.http.listen_address=127.0.0.1:$http_port
server.http.advertised_address=127.0.0.1:$http_port
server.https.enabled=false
server.memory.pagecache.size=256m
# bcgraph loads in one transaction; a dataset 100 times the book's needs about 1 GB of it.
dbms.memory.transaction.total.max=2g
dbms.usage_report.enabled=false
dbms.security.auth_enabled=true
server.directories.data=$home/data
server.directories.logs=$home/logs
server.directories.run=$home/run
server.directories.import=$home/import
server.directories.plugins=$home/plugins
dbms.security.allow_csv_import_from_file_urls=true
server.directories.transaction.logs.root=$home/data/transactions
db.tx_log.rotation.retention_policy=1 files
CONF

java_opts=(-Xms512m -Xmx3g -XX:+UseG1GC -Dfile.encoding=UTF-8 --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED)
log "setting the initial password"
NEO4J_HOME="$home" NEO4J_CONF="$home/conf" java "${java_opts[@]}" -cp "$home/lib/*" org.neo4j.cli.AdminTool \
  dbms set-initial-password "$password" >"$home/logs/admin.log" 2>&1 \
  || { cat "$home/logs/admin.log" >&2; exit 1; }

log "starting on bolt://127.0.0.1:$bolt_port (home $home)"
NEO4J_HOME="$home" NEO4J_CONF="$home/conf" nohup java "${java_opts[@]}" -cp "$home/lib/*" \
  org.neo4j.server.CommunityEntryPoint --home-dir="$home" --config-dir="$home/conf" \
  >"$home/logs/console.log" 2>&1 &
echo $! >"$home/run/neo4j.pid"

# Bolt answering is not enough: the default database must be online and answer a query.
for _ in $(seq 1 240); do
  if ! kill -0 "$(cat "$home/run/neo4j.pid")" 2>/dev/null; then
    log "server exited during start-up; its log:"; tail -50 "$home/logs/neo4j.log" "$home/logs/console.log" >&2; exit 1
  fi
  if grep -q "Started." "$home/logs/neo4j.log" 2>/dev/null \
     && curl -fsS -u "neo4j:$password" -H 'Content-Type: application/json' \
          -d '{"statements":[{"statement":"RETURN 1"}]}' \
          "http://127.0.0.1:$http_port/db/neo4j/tx/commit" 2>/dev/null | grep -q '"errors":\[\]'; then
    log "ready: $(grep -o 'Neo4j [0-9.]*' "$home/logs/neo4j.log" | head -1)"
    cat <<ENV
export NEO4J_URI=bolt://127.0.0.1:$bolt_port
export NEO4J_USERNAME=neo4j
export NEO4J_PASSWORD=$password
export NEO4J_HTTP_URL=http://127.0.0.1:$http_port
export BCGRAPH_NEO4J_HOME=$home
ENV
    exit 0
  fi
  sleep 0.5
done
log "not ready after 120 s; its log:"; tail -50 "$home/logs/neo4j.log" "$home/logs/console.log" >&2
kill "$(cat "$home/run/neo4j.pid")" 2>/dev/null || true
exit 1
