#!/usr/bin/env bash
# How fast the terminal client gets to its prompt and what it costs once it sits there.
#
# Starts a chatroom server (bin/chatroom-server, a free loopback port) and a tmux server of its
# own, then runs the client in a 100x24 tmux pane, a real terminal: one warm-up round (page cache;
# a launcher writes its class-data archive), shown but not counted, then RUNS counted rounds. With
# several commands, each round runs each command once, in turn, so that they share the machine's
# ups and downs (it is shared and noisy: compare variants in one call, not across calls). Each run:
#   - t0 is taken inside the pane just before the JVM starts (bash's $EPOCHREALTIME, then exec);
#   - connect and join are the server's log times of the client's event=connect and event=named
#     (millisecond stamps, so no polling error); join is when the others see "alice joined";
#   - prompt is when capture-pane first shows "alice@lobby>" (polled every 10 ms, so a few ms late):
#     what the user waits for;
#   - after SETTLE seconds at the prompt: VmRSS, VmHWM (peak RSS) and Threads from
#     /proc/PID/status, and the CPU time used so far (user + system, from /proc/PID/stat; less
#     disturbed by other load than the times are);
#   - then /quit, and the next run starts only once the JVM has exited.
# Prints every run and, for each command, the median and min-max of the counted runs.
#
# Usage: bench/client-startup.sh [--runs N] [--settle SECONDS] [--server-jar JAR] [-- COMMAND...]...
#   COMMAND starts the client (default: java -jar client/target/chatroom-client.jar); the script
#   appends --host, --port, --name alice and --history-file. It must exec the JVM, as
#   bin/chatroom-client does, or be its parent. Each further "--" starts another command to compare.
#   --server-jar runs that server jar (java -jar) instead of bin/chatroom-server, which rebuilds the
#   server when its sources change: on a shared work tree, a copy set aside keeps runs comparable.
# Examples:
#   bench/client-startup.sh                              # the jar, as the README runs it
#   bench/client-startup.sh -- java -jar client/target/chatroom-client.jar -- bin/chatroom-client
#   PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH bench/client-startup.sh   # another JDK
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

usage="usage: $(basename "$0") [--runs N] [--settle SECONDS] [--server-jar JAR] [-- COMMAND...]..."
runs=5
settle=3
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --settle) settle=$2; shift 2 ;;
    --server-jar) chatroom_command=(java -jar "$2"); shift 2 ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
# Each command is kept as one string, its arguments one a line.
commands=()
while [ $# -gt 0 ]; do
  shift # the "--"
  command=
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    command+=$1$'\n'
    shift
  done
  [ -n "$command" ] || { echo "$usage" >&2; exit 2; }
  commands+=("$command")
done
if [ ${#commands[@]} -eq 0 ]; then
  client_jar="$root/client/target/chatroom-client.jar"
  if stale "$client_jar" "$root/client/src/main" "$root/client/pom.xml" "$root/protocol/src/main" "$root/pom.xml"; then
    echo "building $client_jar ..." >&2
    mvn -B -q -f "$root/pom.xml" -pl client -am package -DskipTests >&2
  fi
  commands=("java"$'\n'"-jar"$'\n'"$client_jar"$'\n')
fi
command -v tmux >/dev/null || { echo "$(basename "$0"): needs tmux" >&2; exit 1; }

work=$(mktemp -d -t chatroom-client-startup.XXXXXX)
sock="$work/tmux"
tmux_() { tmux -S "$sock" -f /dev/null "$@"; }
chatroom_pid=
cleanup() {
  tmux_ kill-server 2>/dev/null || true
  stop_process "$chatroom_pid"
  rm -rf "$work"
}
trap cleanup EXIT

log="$work/server.log"
start_chatroom "$log"
port=$chatroom_port
# The tmux server is started once, by a session that only waits, so that no run pays for it.
tmux_ new-session -d -s idle -x 100 -y 24 sleep 1000000

echo "java on PATH: $(java -version 2>&1 | head -n 1); $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server: pid $chatroom_pid on 127.0.0.1:$port"
for c in "${!commands[@]}"; do
  echo "command $((c + 1)): $(printf '%s' "${commands[c]}" | tr '\n' ' ')"
done

exec 3<"$log"
# Reads the server log from where fd 3 stands to its end; each whole line goes to on_line.
partial=
read_log() {
  local line
  while IFS= read -r -u 3 line; do on_line "$partial$line"; partial=; done
  partial+=$line
}
on_line() { :; }
read_log # skip what is there already

# Milliseconds since the epoch, of a server log line's ISO-8601 time stamp.
log_ms() { date -d "${1%% *}" +%s%3N; }
# Milliseconds since the epoch, of a $EPOCHREALTIME value (seconds.microseconds).
real_ms() { local s=${1%.*} us=${1#*.}; echo $((s * 1000 + 10#$us / 1000)); }
# Whether process $1 still runs: tmux may leave a pane's process a zombie for a while.
running() {
  local state
  state=$(awk '/^State:/ {print $2}' "/proc/$1/status" 2>/dev/null) && [ -n "$state" ] && [ "$state" != Z ]
}

# Runs command $1 once as run $2; sets row to its measurements.
connect_line='' named_line=''
on_line() {
  case $1 in
    *" event=connect "*) connect_line=$1 ;;
    *" event=named "*"name=alice"*) named_line=$1 ;;
  esac
}
run_once() {
  local client session=run$2 t0file="$work/t0.$2" pid jvm deadline prompt_ms t0_ms rss hwm threads cpu_ticks
  mapfile -t client < <(printf '%s' "${commands[$1]}")
  connect_line='' named_line=''
  # shellcheck disable=SC2016 # $0 and $@ are the inner bash's
  tmux_ new-session -d -s "$session" -x 100 -y 24 \
    bash -c 'echo "$EPOCHREALTIME" >"$0"; exec "$@"' "$t0file" \
    "${client[@]}" --host 127.0.0.1 --port "$port" --name alice --history-file "$work/history"
  pid=$(tmux_ display-message -p -t "$session" '#{pane_pid}')

  deadline=$((SECONDS + 30))
  until [ -n "$named_line" ]; do
    read_log
    if [ $SECONDS -ge $deadline ] || ! running "$pid"; then
      tmux_ capture-pane -p -t "$session" >&2 || true
      echo "$(basename "$0"): run $2: the server saw no join from alice" >&2
      exit 1
    fi
    sleep 0.01
  done
  until tmux_ capture-pane -p -t "$session" | grep -q '^alice@lobby>'; do
    if [ $SECONDS -ge $deadline ]; then
      tmux_ capture-pane -p -t "$session" >&2
      echo "$(basename "$0"): run $2: no prompt" >&2
      exit 1
    fi
    sleep 0.01
  done
  prompt_ms=$(real_ms "$EPOCHREALTIME")
  t0_ms=$(real_ms "$(cat "$t0file")")
  # A launcher that waits for the JVM (to keep what it wrote at exit) is the JVM's parent.
  jvm=$pid
  if [ "$(cat "/proc/$pid/comm")" != java ]; then
    jvm=$(pgrep -P "$pid" -x java | head -n 1)
  fi

  sleep "$settle"
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$jvm/status")
  hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$jvm/status")
  threads=$(awk '/^Threads:/ {print $2}' "/proc/$jvm/status")
  # utime and stime are fields 14 and 15, counted after the ")" that ends the command name.
  cpu_ticks=$(sed 's/.*) //' "/proc/$jvm/stat" | awk '{print $12 + $13}')

  tmux_ send-keys -t "$session" /quit Enter
  deadline=$((SECONDS + 60)) # a launcher may write its class-data archive as the JVM exits
  while running "$pid"; do
    if [ $SECONDS -ge $deadline ]; then
      echo "$(basename "$0"): run $2: the client did not exit after /quit" >&2
      exit 1
    fi
    sleep 0.05
  done
  tmux_ kill-session -t "$session" 2>/dev/null || true

  row=("$(( $(log_ms "$connect_line") - t0_ms ))" "$(( $(log_ms "$named_line") - t0_ms ))"
       "$((prompt_ms - t0_ms))" "$((rss / 1024))" "$((hwm / 1024))" "$threads"
       "$((cpu_ticks * 1000 / $(getconf CLK_TCK)))")
}

table_row() { printf '%-8s %-7s %10s %8s %10s %8s %13s %8s %7s\n' "$@"; }
echo
table_row command run connect_ms join_ms prompt_ms rss_mib peak_rss_mib threads cpu_ms
results=() # "command row..." for the counted runs
for round in $(seq 0 "$runs"); do
  for c in "${!commands[@]}"; do
    run_once "$c" "$round-$c"
    if [ "$round" -eq 0 ]; then
      table_row "$((c + 1))" warm-up "${row[@]}"
    else
      table_row "$((c + 1))" "$round" "${row[@]}"
      results+=("$((c + 1)) ${row[*]}")
    fi
  done
done

[ ${#results[@]} -gt 0 ] || exit 0

# Median (the mean of the middle two when N is even) and min-max of column $2 for command $1.
column_stats() {
  printf '%s\n' "${results[@]}" | awk -v c="$1" -v col="$2" '$1 == c {print $(col + 1)}' | sort -n | awk '
    { v[NR] = $1 }
    END {
      m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%s %s-%s\n", m, v[1], v[NR]
    }'
}
echo
table_row command "" connect_ms join_ms prompt_ms rss_mib peak_rss_mib threads cpu_ms
for c in $(seq ${#commands[@]}); do
  medians=() spreads=()
  for col in 1 2 3 4 5 6 7; do
    read -r m s < <(column_stats "$c" "$col")
    medians+=("$m") spreads+=("$s")
  done
  table_row "$c" median "${medians[@]}"
  table_row "$c" min-max "${spreads[@]}"
done
echo "(N=$runs each; times in ms from the JVM's launch; RSS, threads and CPU ${settle} s after the prompt)"
