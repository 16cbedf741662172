#!/usr/bin/env bash
# The chaos soak (issue 12): 1,000 random users for 60 s against one chatroom server, doing what
# users and attackers do (talk, hop rooms, rename, /who, flood, stop reading, reset, garbage,
# half-close, vanish, over-long lines, never give a name), with a canary pair measuring latency.
#
#   bench/chaos.sh                     1,000 users, 60 s (about 1.5 minutes in all)
#   bench/chaos.sh --smoke             100 users, 10 s (about 20 s): does it all still work?
#   bench/chaos.sh --duration 600 --seed 42 ...   other options go to `chatroom-bench chaos`
#
# Builds the jars if they are stale, starts the server through bin/chatroom-server with its
# defaults (flood control on), except the per-address limits: every simulated user comes from
# 127.0.0.1, so --max-per-ip is the users plus 10% and 20 (the most this soak holds at once, with
# room for connections the server has not yet seen close), and the connect rate is 100/s with a
# burst of the users plus 20 (the connect storm at the start fits in the burst; users coming back
# are held to 50/s by the generator). A refusal by either limit is therefore a finding (a leak in
# the per-address count), not noise.
#
# Fails (exit 2) if the generator finds an invariant broken (a well-behaved user cut off, a
# checked line lost, duplicated or out of order, the canary's p99 over 1 s in any 10 s window,
# RSS at the end over 64 MiB above the start) or if the server's log shows an error: a line at
# level ERROR, a failed loop, handler, task or timer, an OutOfMemoryError (thrown, or shed by the
# loop's last line of defence), or any line that is not a log line (a stack trace). The server
# must also still be running at the end and stop cleanly on SIGTERM. Exit 1: could not set up.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

clients=1000
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --smoke) clients=100 ;;
  esac
done
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --clients) clients=${args[i + 1]:-$clients} ;;
    --clients=*) clients=${args[i]#--clients=} ;;
  esac
done

build_if_stale
raise_fd_limit $((clients + 200))

log=$(mktemp -t chatroom-chaos.XXXXXX.log)
chatroom_pid=
trap 'stop_process "$chatroom_pid"' EXIT
address_limits=(--max-per-ip $((clients + clients / 10 + 20)) --connect-rate 100 --connect-burst $((clients + 20)))
start_chatroom "$log"
echo "server pid $chatroom_pid on 127.0.0.1:$chatroom_port (${address_limits[*]}); its log: $log" >&2

# The generator and the server need a core each: other work on the machine shows in the latencies.
echo "Load average before the run: $(cut -d ' ' -f 1-3 /proc/loadavg) (1, 5, 15 min) on $(nproc) cores." >&2
status=0
# shellcheck disable=SC2086 # CHAOS_JAVA_OPTS: JVM options for the generator, split on spaces
java ${CHAOS_JAVA_OPTS:-} -jar "$bench_jar" chaos --port "$chatroom_port" --server-pid "$chatroom_pid" "$@" || status=$?

alive=true
kill -0 "$chatroom_pid" 2>/dev/null || alive=false
stopped=0
if [ "$alive" = true ]; then
  kill -TERM "$chatroom_pid"
  wait "$chatroom_pid" || stopped=$?
else
  wait "$chatroom_pid" || stopped=$?
fi
trap - EXIT

# The log, line by line: TIMESTAMP LEVEL LOGGER event=NAME ... Values users chose (quit reasons,
# which this soak fills with forged "event=" and "ERROR" fields) are quoted by the server, so the
# checks are anchored to the level and the event name, where no user's text can reach.
ts='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[^ ]+ '
bad=$(grep -E "${ts}ERROR " "$log" || true)
bad+=$'\n'$(grep -E "${ts}[A-Z]+ +[^ ]+ event=(loop_failed|handler_failed|task_failed|timer_failed)( |$)" "$log" || true)
bad+=$'\n'$(grep -E "${ts}[A-Z]+ +[^ ]+ event=output_shed why=\"out of memory\"" "$log" || true)
bad+=$'\n'$(grep -F OutOfMemoryError "$log" || true)
bad+=$'\n'$(grep -vE "$ts" "$log" || true)
bad=$(printf '%s\n' "$bad" | sed '/^$/d' | sort -u)
warnings=$(grep -cE "${ts}WARN " "$log" || true)
echo
echo "server log ($log): $(wc -l <"$log") lines, $warnings warnings;" \
  "$(grep -c 'event=slow_consumer_kick' "$log" || true) slow-consumer kicks," \
  "$(grep -c 'event=disconnect' "$log" || true) disconnects, $(grep -c 'event=log_dropped' "$log" || true) log-dropped notes"
if [ "$warnings" -gt 0 ]; then
  grep -E "${ts}WARN " "$log" | sed 's/ id=[0-9]*//' | cut -c 1-200 | sort | uniq -c | sort -rn | head -n 5
fi
if [ -n "$bad" ]; then
  echo "FAILED: the server log has $(printf '%s\n' "$bad" | wc -l) unexpected lines, the first ones:"
  printf '%s\n' "$bad" | head -n 20
  status=2
else
  echo "server log: no errors, failed handlers, OutOfMemoryError or stack traces"
fi
if [ "$alive" != true ]; then
  echo "FAILED: the server was not running at the end (exit status $stopped)"
  status=2
elif [ "$stopped" -ne 0 ]; then
  echo "FAILED: the server exited with status $stopped on SIGTERM"
  status=2
fi
exit "$status"
