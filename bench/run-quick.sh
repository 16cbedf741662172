#!/usr/bin/env bash
# A quick benchmark of the chatroom server on this machine, in two runs against one server:
#   1. fan-out: 100 clients, 10 senders, unthrottled (window), 64-byte messages, 10 s measured
#   2. idle:    10,000 clients connect, log in and sit; RSS per connection
# Builds the jars if they are missing or older than the sources, starts the server on a free
# port, runs the load generator twice, prints its reports and stops the server with SIGTERM.
# Extra arguments go to both generator runs (try --json). Exit status: 0 if both runs were
# clean, otherwise the first non-zero status of a run.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
server_jar="$root/server/target/chatroom-server.jar"
bench_jar="$root/bench/target/chatroom-bench.jar"

stale() { # jar, source dirs and poms...
  local jar=$1; shift
  [ ! -f "$jar" ] || [ -n "$(find "$@" -newer "$jar" -print 2>/dev/null | head -n 1)" ]
}
if stale "$server_jar" "$root/server/src/main" "$root/server/pom.xml" "$root/pom.xml" \
   || stale "$bench_jar" "$root/bench/src/main" "$root/bench/pom.xml" "$root/pom.xml"; then
  echo "building the server and bench jars ..." >&2
  mvn -B -q -f "$root/pom.xml" -pl server,bench -am package -DskipTests >&2
fi

# 10,000 clients need 10,000 descriptors in each process (plus the JVM's own).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 10100 ]; then
  echo "run-quick: the open-file limit is $(ulimit -n); the idle run needs about 10,100" >&2
  exit 1
fi

log=$(mktemp -t chatroom-server.XXXXXX.log)
server_pid=
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    wait "$server_pid" || echo "run-quick: the server exited with status $?" >&2
  fi
  server_pid=
}
trap stop_server EXIT

# Port 0: the server picks a free port and logs it, so no other process can take it in between.
# The launcher users run, with its JVM settings; it execs java, so its pid is the server's.
server_cmd=("$root/bin/chatroom-server" --port 0 --bind 127.0.0.1 --flood-rate 0 --max-clients 20000)
echo "\$ ${server_cmd[*]} 2>$log &"
"${server_cmd[@]}" 2>"$log" &
server_pid=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's/.*event=listening addr=[^ ]*:\([0-9][0-9]*\) .*/\1/p' "$log" | head -n 1)
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; echo "run-quick: the server did not start" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "run-quick: the server did not report its port" >&2; exit 1; }
echo "server pid $server_pid listening on 127.0.0.1:$port"

status=0
run() {
  local cmd=(java -jar "$bench_jar" --port "$port" --server-pid "$server_pid" "$@")
  echo
  echo "\$ ${cmd[*]}"
  local rc=0
  "${cmd[@]}" || rc=$?
  if [ "$rc" -ne 0 ] && [ "$status" -eq 0 ]; then
    status=$rc
  fi
}
run --clients 100 --senders 10 --rate 0 --payload 64 --duration 10 "$@"
run --clients 10000 --idle "$@"

stop_server
trap - EXIT

# What the server said that was not routine: warnings, errors, kicks.
echo
unusual=$(grep -E ' (WARN|ERROR) |event=slow_consumer_kick|event=loop_failed|event=handler_failed' "$log" || true)
if [ -n "$unusual" ]; then
  echo "server log ($log) has $(printf '%s\n' "$unusual" | wc -l) unusual lines, the first ones:"
  printf '%s\n' "$unusual" | head -n 20
else
  echo "server log ($log): no warnings, errors or kicks"
fi
exit "$status"
