#!/usr/bin/env bash
# The performance table: chatroom beside Redis pub/sub and the Netty peer (epoll and NIO), same
# machine, same run.
#
#   bench/run.sh            the five workloads on the four servers, 3 repetitions (about 18 minutes), one
#                           markdown table
#   bench/run.sh --smoke    the same once, about 2 s a workload with fewer clients (about 1.5 minutes):
#                           checks that the generator, the protocols and the report still work
#   bench/run.sh --tls      every connection over TLS 1.3, to both servers (workloads 1, 2, 3 and 5; the
#                           idle workload 4 stays plain TCP and is left out); combines with the others
#   bench/run.sh --ws       chatroom's clients speak JSON events over a WebSocket (GET /ws on the server's
#                           --http-port, as its web page does) instead of text lines; Redis as always.
#                           Compare its chatroom column with a plain run's (e.g. both with --only 1,4)
#   bench/run.sh --udp      chatroom alone, no Redis: the room made of TCP users, then of UDP users (its
#                           --udp-port), alternating, 3 runs each: fan-out unthrottled, fan-out at 2,000 msg/s,
#                           10,000 idle users; medians and spreads, loss and where it went (about 8 minutes)
#   CHATROOM_BASELINE=DIR bench/run.sh   one more column, "chatroom before": the server of another checkout
#                           (say `git worktree add DIR COMMIT`), for a before-and-after in the same run
#   bench/run.sh --no-persist   the chatroom server keeps no history on disk (by default it logs every room
#                           message to a data directory beside its log, as users run it); combines with the others
#   bench/run.sh --no-netty     without the Netty peers: workload 7 (a room of 10,000 at 100 msg/s) leaves
#                           them so far behind that they collect garbage for minutes on the servers' CPU,
#                           which disturbs the runs after theirs (the README measures it so)
#
# With --tls, a throwaway EC P-256 certificate for 127.0.0.1 and localhost is made with openssl in the
# run's directory; both servers present it (chatroom: --tls-port/--tls-cert/--tls-key beside its plain
# port; Redis: --tls-port with --port 0, --tls-auth-clients no) and the generator trusts exactly it.
#
# Builds the jars if they are missing or older than the sources, installs Debian's redis-server if
# it is missing (needs root), starts the chatroom server through bin/chatroom-server (its JVM
# settings; CHATROOM_JAVA_OPTS still overrides them, e.g. for a JFR recording), Redis and the Netty
# peer on each transport (not with --tls or --ws: it has neither) on free loopback ports, runs
# `chatroom-bench suite` against them, a column each, prints the table and stops them.
# Other arguments go to the suite (try --only 1,5, --reps 1 or --window 64). Each run's own report is
# kept in a log file whose path is printed.
#
# Each workload runs 3 times on each server (--reps N; 1 with --smoke), the servers' order rotated
# from one repetition to the next; the table gives medians and ranges. The servers are pinned to one
# CPU (the last) and the generator to the others with taskset, so that the softirq work on that CPU
# (on loopback mostly the delivery of what the server writes) can be counted as the server's beside
# its process's CPU (suite --server-cpu; bench/README.md says how). Without taskset or a second CPU
# nothing is pinned and server CPU is the process's alone (the table says so).
#
# Exit status: 0 when every run was clean; 2 when a run lost, duplicated, reordered or corrupted
# a message or cut off a client that was reading; 1 when something could not be set up.
# Missed performance targets show in the table only: they depend on the machine.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

smoke=false
tls=false
ws=false
udp=false
persist=()
netty=true
suite_args=()
for arg in "$@"; do
  [ "$arg" = --smoke ] && smoke=true
  if [ "$arg" = --tls ]; then
    tls=true # run.sh's own switch: the suite is told --tls-ca below
  elif [ "$arg" = --ws ]; then
    ws=true # run.sh's own switch: the suite is given the HTTP port and target ws below
  elif [ "$arg" = --udp ]; then
    udp=true # run.sh's own switch: chatroom-bench udp-vs-tcp instead of the suite, below
  elif [ "$arg" = --no-persist ]; then
    persist=(--no-persist) # run.sh's own switch: for the chatroom server
  elif [ "$arg" = --no-netty ]; then
    netty=false # run.sh's own switch: no Netty columns
  else
    suite_args+=("$arg")
  fi
done
if [ "$tls" = true ] && [ "$ws" = true ]; then
  echo "run.sh: --ws is plain HTTP only (the server has no HTTPS listener); leave out --tls" >&2
  exit 1
fi
if [ "$udp" = true ] && { [ "$tls" = true ] || [ "$ws" = true ]; }; then
  echo "run.sh: --udp compares UDP users with plain TCP users; leave out --tls and --ws" >&2
  exit 1
fi

# UDP users beside TCP users on one server; Redis has no part in it. Every UDP user has a socket of
# its own in the generator, so the idle workload needs as many descriptors as over TCP. The server's
# per-user UDP output rate (256 KiB/s by default) is lifted as --flood-rate is for TCP senders: the
# unthrottled workload would otherwise measure that limit (a receiver gets some 3,000 lines a second
# under it) rather than what a UDP user costs; the 2,000 msg/s workload is inside it either way.
# /metrics (on --http-port) gives the server's udp drop counters for each run.
if [ "$udp" = true ]; then
  build_if_stale
  raise_fd_limit "$([ "$smoke" = true ] && echo 1100 || echo 10100)"
  work=$(mktemp -d -t chatroom-bench-udp.XXXXXX)
  chatroom_log="$work/chatroom-server.log"
  details="$work/runs.log"
  chatroom_pid=
  trap 'stop_process "$chatroom_pid"' EXIT
  start_chatroom "$chatroom_log" --flood-rate 0 --max-clients 20000 --max-output-bytes 1048576 \
    --udp-port 0 --max-udp-users 20000 --udp-max-output-rate 0 --http-port 0 "${persist[@]}"
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
  echo "Machine: $(nproc) cores ($cpu), Linux $(uname -r); $(java -version 2>&1 | head -n 1)."
  echo "Load average before the run: $(cut -d ' ' -f 1-3 /proc/loadavg) (1, 5, 15 min)."
  echo "chatroom pid $chatroom_pid: TCP 127.0.0.1:$chatroom_port, UDP 127.0.0.1:$chatroom_udp_port;" \
    "each run's report: $details" >&2
  echo
  status=0
  java -jar "$bench_jar" udp-vs-tcp --tcp "127.0.0.1:$chatroom_port" --udp "127.0.0.1:$chatroom_udp_port" \
    --server-pid "$chatroom_pid" --metrics "http://127.0.0.1:$chatroom_http_port/metrics" \
    "${suite_args[@]}" 2>"$details" || status=$?
  stop_process "$chatroom_pid"
  trap - EXIT
  unusual=$(grep -E ' (WARN|ERROR) |event=loop_failed|event=handler_failed|event=udp_failed' "$chatroom_log" || true)
  echo
  echo "chatroom server log: $(printf '%s' "$unusual" | grep -c . || true) warnings or errors ($chatroom_log)"
  [ -n "$unusual" ] && printf '%s\n' "$unusual" | head -n 10
  if [ "$status" -ne 0 ]; then
    echo "run.sh: chatroom-bench udp-vs-tcp exited with status $status; the end of its log:" >&2
    tail -n 40 "$details" >&2
  fi
  exit "$status"
fi

build_if_stale
if ! command -v redis-server >/dev/null 2>&1; then
  echo "installing redis-server from Debian ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq redis-server >/dev/null
fi

# The servers on the last CPU, the generator on the others (see the top). A server is pinned once
# started, every thread of it (taskset -a); threads it starts later inherit the mask.
server_cpu=
generator=(java)
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then
  server_cpu=$(($(nproc) - 1))
  generator_cpus=$([ "$server_cpu" -eq 1 ] && echo 0 || echo "0-$((server_cpu - 1))")
  generator=(taskset -c "$generator_cpus" java)
else
  echo "run.sh: no taskset or a single CPU: nothing is pinned, and server CPU leaves out its softirq work" >&2
fi
pin_server() { # PID
  [ -z "$server_cpu" ] || taskset -a -cp "$server_cpu" "$1" >/dev/null
}

# 10,000 idle clients need 10,000 descriptors in the generator and in each server.
raise_fd_limit "$([ "$smoke" = true ] && echo 1100 || echo 10100)"

work=$(mktemp -d -t chatroom-bench.XXXXXX)
chatroom_log="$work/chatroom-server.log"
redis_log="$work/redis-server.log"
details="$work/runs.log"
chatroom_pid=
redis_pid=
netty_pids=()
cleanup() {
  stop_process "$chatroom_pid"
  stop_process "${baseline_pid:-}"
  stop_process "$redis_pid"
  for pid in "${netty_pids[@]}"; do
    stop_process "$pid"
  done
}
trap cleanup EXIT

# With --tls one certificate for both servers, which the generator alone trusts (--tls-ca).
tls_server=()
redis_tls=()
suite_tls=()
if [ "$tls" = true ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
    -addext 'subjectAltName=IP:127.0.0.1,DNS:localhost' -keyout "$work/tls-key.pem" -out "$work/tls-cert.pem" \
    2>"$work/openssl.log" || { cat "$work/openssl.log" >&2; echo "run.sh: openssl could not make a certificate" >&2; exit 1; }
  tls_server=(--tls-port 0 --tls-cert "$work/tls-cert.pem" --tls-key "$work/tls-key.pem")
  redis_tls=(--tls-cert-file "$work/tls-cert.pem" --tls-key-file "$work/tls-key.pem"
    --tls-ca-cert-file "$work/tls-cert.pem" --tls-auth-clients no)
  suite_tls=(--tls-ca "$work/tls-cert.pem")
fi

ws_server=()
[ "$ws" = true ] && ws_server=(--http-port 0)
# The output limits are chatroom's defaults, written out because workload 5, Redis's limit and the
# Netty peer's cap mirror them: cut off at 8 MiB of unread output, or over 2 MiB for more than 10 s.
output_limits=(--max-output-bytes 8388608 --soft-output-bytes 2097152 --soft-output-seconds 10)
start_chatroom "$chatroom_log" --flood-rate 0 --max-clients 20000 "${output_limits[@]}" "${tls_server[@]}" \
  "${ws_server[@]}" "${persist[@]}"
# Over TLS the generator talks to the TLS listener only (over WebSocket, to the HTTP one); the
# plain one stays open beside it, unused.
[ "$tls" = true ] && chatroom_port=$chatroom_tls_port
[ "$ws" = true ] && chatroom_port=$chatroom_http_port
pin_server "$chatroom_pid"

# Redis on a free loopback port below the ephemeral range (the generator's own connections use
# that), no persistence, room for the idle workload, and pub/sub clients' output limits as
# chatroom's: 8 MiB hard, 2 MiB soft for 10 s (Redis's default is 32 MiB hard, 8 MiB soft for 60 s).
redis_port=
for _ in $(seq 20); do
  port=$((20000 + RANDOM % 12000))
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    continue # something listens there
  fi
  if [ "$tls" = true ]; then
    listen=(--port 0 --tls-port "$port" "${redis_tls[@]}")
  else
    listen=(--port "$port")
  fi
  redis-server "${listen[@]}" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    --maxclients 12000 --client-output-buffer-limit 'pubsub 8mb 2mb 10' --logfile '' >"$redis_log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 50); do
    grep -q 'Ready to accept connections' "$redis_log" 2>/dev/null && break
    kill -0 "$redis_pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$redis_pid" 2>/dev/null && grep -q 'Ready to accept connections' "$redis_log"; then
    redis_port=$port
    break
  fi
  stop_process "$redis_pid"
  redis_pid=
  # A Redis built without TLS refuses the directive at once: trying other ports will not help.
  [ "$tls" = true ] && grep -qiE 'tls|bad directive' "$redis_log" && break
done
# The table's columns, in this order: NAME=TARGET,HOST:PORT,PID (the generator's protocol for each).
servers=(--server "chatroom=$([ "$ws" = true ] && echo ws || echo chatroom),127.0.0.1:$chatroom_port,$chatroom_pid")

# CHATROOM_BASELINE=DIR: a checkout of another commit (built, or built here by its launcher) as one
# more column, "chatroom before", for a before-and-after in the same run on the same machine. Its
# hard cap is this one's; it is given no soft limit, which builds before issue 15 do not know.
baseline_pid=
if [ -n "${CHATROOM_BASELINE:-}" ]; then
  saved=("$chatroom_pid" "$chatroom_port" "$chatroom_tls_port" "$chatroom_http_port")
  chatroom_command=("$CHATROOM_BASELINE/bin/chatroom-server")
  start_chatroom "$work/chatroom-before.log" --flood-rate 0 --max-clients 20000 --max-output-bytes 8388608 \
    "${tls_server[@]}" "${ws_server[@]}" "${persist[@]}"
  baseline_pid=$chatroom_pid
  baseline_port=$chatroom_port
  [ "$tls" = true ] && baseline_port=$chatroom_tls_port
  [ "$ws" = true ] && baseline_port=$chatroom_http_port
  chatroom_pid=${saved[0]} chatroom_port=${saved[1]} chatroom_tls_port=${saved[2]} chatroom_http_port=${saved[3]}
  pin_server "$baseline_pid"
  servers+=(--server "chatroom before=$([ "$ws" = true ] && echo ws || echo chatroom),127.0.0.1:$baseline_port,$baseline_pid")
  echo "chatroom before ($CHATROOM_BASELINE) pid $baseline_pid on 127.0.0.1:$baseline_port" >&2
fi
if [ -n "$redis_port" ]; then
  pin_server "$redis_pid"
  servers+=(--server "Redis=redis,127.0.0.1:$redis_port,$redis_pid")
else
  cat "$redis_log" >&2
  [ "$tls" = true ] || { echo "run.sh: Redis did not start" >&2; exit 1; }
  echo "run.sh: Redis did not start with TLS (above: why); measuring chatroom alone" >&2
fi

# The Netty peer (bench-netty/), on each of its transports: chatroom's text protocol on one event-loop
# thread, with chatroom's JVM options and output cap, driven by the same chatroom target. It has no
# TLS or WebSocket listener, so it is left out of --tls and --ws runs.
if [ "$netty" = true ] && [ "$tls" = false ] && [ "$ws" = false ]; then
  for transport in epoll nio; do
    start_netty "$work/netty-$transport.log" "$transport" --max-output-bytes 8388608
    netty_pids+=("$netty_pid")
    pin_server "$netty_pid"
    label=$([ "$transport" = epoll ] && echo "Netty (epoll)" || echo "Netty (NIO)")
    servers+=(--server "$label=chatroom,127.0.0.1:$netty_port,$netty_pid")
    echo "$label pid $netty_pid on 127.0.0.1:$netty_port" >&2
  done
fi

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
java_version=$(java -version 2>&1 | head -n 1)
redis_version=$(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p')
echo "Machine: $(nproc) cores ($cpu), $mem, Linux $(uname -r); $java_version; Redis $redis_version."
[ "$tls" = true ] && echo "Transport: TLS 1.3 on every connection (EC P-256 certificate; the cipher each server chose is below)."

# The generator and the server under test need a core each: other work on the machine shows in the numbers.
echo "Load average before the run: $(cut -d ' ' -f 1-3 /proc/loadavg) (1, 5, 15 min)."
[ -n "$server_cpu" ] && echo "Servers pinned to CPU $server_cpu, the generator to CPU $generator_cpus (taskset)."
echo "chatroom pid $chatroom_pid on 127.0.0.1:$chatroom_port, redis pid ${redis_pid:-none} on 127.0.0.1:${redis_port:-none};" \
  "each run's report: $details" >&2
echo

status=0
java_suite=("${generator[@]}" -jar "$bench_jar" suite "${servers[@]}")
[ -n "$server_cpu" ] && java_suite+=(--server-cpu "$server_cpu")
"${java_suite[@]}" "${suite_tls[@]}" "${suite_args[@]}" 2>"$details" || status=$?

cleanup
trap - EXIT

# What the chatroom server said that was not routine. Slow-consumer kicks are workload 5's point.
unusual=$(grep -E ' (WARN|ERROR) |event=loop_failed|event=handler_failed' "$chatroom_log" || true)
kicks=$(grep -c 'event=slow_consumer_kick' "$chatroom_log" || true)
echo
echo "chatroom server log: $kicks slow-consumer kicks, $(printf '%s' "$unusual" | grep -c . || true) warnings or errors ($chatroom_log)"
[ -n "$unusual" ] && printf '%s\n' "$unusual" | head -n 10
if [ "$status" -ne 0 ]; then
  echo "run.sh: the suite exited with status $status; the end of its log:" >&2
  tail -n 40 "$details" >&2
fi
exit "$status"
