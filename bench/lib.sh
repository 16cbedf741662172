# Shell helpers shared by bench/run.sh and bench/run-quick.sh; source it with $root set to the
# repository root.

server_jar="$root/server/target/chatroom-server.jar"
bench_jar="$root/bench/target/chatroom-bench.jar"
netty_jar="$root/bench-netty/target/chatroom-netty-peer.jar"

# Builds the server, bench and Netty peer jars if any is missing or older than its sources.
build_if_stale() {
  if stale "$server_jar" "$root/server/src/main" "$root/server/pom.xml" "$root/pom.xml" \
     || stale "$bench_jar" "$root/bench/src/main" "$root/bench/pom.xml" "$root/pom.xml" \
     || stale "$netty_jar" "$root/bench-netty/src/main" "$root/protocol/src/main" "$root/bench-netty/pom.xml" "$root/pom.xml"; then
    echo "building the server, bench and Netty peer jars ..." >&2
    mvn -B -q -f "$root/pom.xml" -pl server,bench,bench-netty -am package -DskipTests >&2
  fi
}

stale() { # jar, source dirs and poms...
  local jar=$1; shift
  [ ! -f "$jar" ] || [ -n "$(find "$@" -newer "$jar" -print 2>/dev/null | head -n 1)" ]
}

# Raises the open-file limit to the hard limit; fails (status 1) if that is below $1.
raise_fd_limit() {
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$1" ]; then
    echo "$(basename "$0"): the open-file limit is $(ulimit -n); the idle workload needs about $1" >&2
    return 1
  fi
}

# Starts the chatroom server through the launcher users run (its JVM settings; the launcher execs
# java, so $! is the server's pid) on a port it picks itself and logs, so no other process can take
# it in between. Sets chatroom_pid and chatroom_port. Usage: start_chatroom LOG [server options...]
# Every simulated client comes from 127.0.0.1, so the per-address limits (10 connections, 1 new
# one a second) are lifted to what the workloads need, as an operator would for a load test; a script
# that wants other limits sets address_limits before calling (chaos.sh does).
# chatroom_command is what starts it: a script measuring another jar the same way sets it to
# (java OPTIONS -jar JAR); it must exec the JVM too, so that $! is the server's pid. With --tls-port
# among the options it also waits for the TLS listener and sets chatroom_tls_port; with --http-port,
# the HTTP listener (its listening line says http=true) and chatroom_http_port; with --udp-port, the UDP
# port (udp=true) and chatroom_udp_port.
address_limits=(--max-per-ip 20000 --connect-rate 1000000 --connect-burst 20000 --max-unnamed 20000)
chatroom_command=("$root/bin/chatroom-server")
start_chatroom() {
  local log=$1; shift
  # The rooms' history is kept on disk as users would have it, beside the log rather than in the
  # shared default ./chatroom-data, which one server at a time may hold.
  local data=(--data-dir "$log.data")
  case " $* " in *" --no-persist "*|*" --data-dir "*) data=() ;; esac
  "${chatroom_command[@]}" --port 0 --bind 127.0.0.1 "${address_limits[@]}" "${data[@]}" "$@" 2>"$log" &
  chatroom_pid=$!
  chatroom_port=
  chatroom_tls_port=
  chatroom_http_port=
  chatroom_udp_port=
  local tls=false http=false udp=false
  case " $* " in *" --tls-port "*) tls=true ;; esac
  case " $* " in *" --http-port "*) http=true ;; esac
  case " $* " in *" --udp-port "*) udp=true ;; esac
  for _ in $(seq 150); do
    # The UDP port's listening line comes first and has no format: the plain port is the first with one.
    chatroom_port=$(sed -n 's/.*event=listening addr=[^ ]*:\([0-9][0-9]*\) format=.*/\1/p' "$log" | head -n 1)
    chatroom_udp_port=$(sed -n 's/.*event=listening addr=[^ ]*:\([0-9][0-9]*\) udp=true.*/\1/p' "$log" | head -n 1)
    chatroom_tls_port=$(sed -n 's/.*event=tls_listening port=\([0-9][0-9]*\) .*/\1/p' "$log" | head -n 1)
    chatroom_http_port=$(sed -n 's/.*event=listening addr=[^ ]*:\([0-9][0-9]*\) .* http=true .*/\1/p' "$log" | head -n 1)
    [ -n "$chatroom_port" ] && { [ "$tls" = false ] || [ -n "$chatroom_tls_port" ]; } \
      && { [ "$http" = false ] || [ -n "$chatroom_http_port" ]; } \
      && { [ "$udp" = false ] || [ -n "$chatroom_udp_port" ]; } && return 0
    if ! kill -0 "$chatroom_pid" 2>/dev/null; then
      cat "$log" >&2
      echo "$(basename "$0"): the chatroom server did not start" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "$(basename "$0"): the chatroom server did not report its port" >&2
  return 1
}

# Starts the Netty peer (bench-netty/) on a free loopback port it picks itself, with the transport
# given (epoll or nio), building its jar first if it is stale. Sets netty_pid and netty_port.
# Usage: start_netty LOG epoll|nio [peer options...]
# Its JVM gets exactly what bin/chatroom-server gives chatroom (CHATROOM_JAVA_OPTS, or the launcher's
# defaults read from the launcher itself): the same collector, heap and direct-memory ceilings, so the
# comparison is of the servers and not of their JVM settings.
start_netty() {
  local log=$1 transport=$2; shift 2
  build_if_stale
  local opts
  opts=$(chatroom_java_opts)
  # shellcheck disable=SC2086 # the options are words, as the launcher splits them
  java $opts -jar "$netty_jar" --host 127.0.0.1 --port 0 --transport "$transport" "$@" >"$log" 2>&1 &
  netty_pid=$!
  netty_port=
  for _ in $(seq 150); do
    netty_port=$(sed -n 's/^netty peer listening on [^ ]*:\([0-9][0-9]*\) .*/\1/p' "$log" | head -n 1)
    [ -n "$netty_port" ] && return 0
    if ! kill -0 "$netty_pid" 2>/dev/null; then
      cat "$log" >&2
      echo "$(basename "$0"): the Netty peer did not start" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "$(basename "$0"): the Netty peer did not report its port" >&2
  return 1
}

# The JVM options bin/chatroom-server starts chatroom with: CHATROOM_JAVA_OPTS, or the launcher's
# defaults, taken from its defaults= lines so that they are written in one place.
chatroom_java_opts() {
  local defaults
  eval "$(grep '^defaults=' "$root/bin/chatroom-server")"
  echo "${CHATROOM_JAVA_OPTS:-$defaults}"
}

# SIGTERM and wait (every server here exits cleanly on it), SIGKILL after 20 s. Usage: stop_process PID (empty: nothing).
stop_process() {
  local pid=$1
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    # A server that does not stop within 20 s (a JVM collecting a full heap over and over, as
    # the Netty peer did after workload 7) is killed, or the script waits on it forever.
    for _ in $(seq 200); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "$(basename "$0"): process $pid did not stop within 20 s of SIGTERM; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || echo "$(basename "$0"): process $pid exited with status $?" >&2
  fi
}
