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
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

build_if_stale
# 10,000 clients need 10,000 descriptors in each process (plus the JVM's own).
raise_fd_limit 10100

log=$(mktemp -t chatroom-server.XXXXXX.log)
chatroom_pid=
trap 'stop_process "$chatroom_pid"' EXIT
echo "\$ $root/bin/chatroom-server --port 0 --bind 127.0.0.1 --max-per-ip 20000 --connect-rate 1000000 --connect-burst 20000 --flood-rate 0 --max-clients 20000 2>$log &"
start_chatroom "$log" --flood-rate 0 --max-clients 20000
server_pid=$chatroom_pid
port=$chatroom_port
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

stop_process "$chatroom_pid"
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
