#!/usr/bin/env bash
# The heavy attacks of the hostile review (issue 12), at the findings' scale, each against a fresh
# server, with a canary pair beside it: one table of what each did to the server.
#
#   bench/attacks.sh                                  every kind, 10,000 connections (9,800 for who-storm
#                                                     and burst), 60 s of attack each (~2 minutes a kind)
#   bench/attacks.sh --kinds "burst who-storm" --clients 2000 --duration 30
#   bench/attacks.sh --jar /tmp/jars/before.jar       another server jar, measured the same way
#
# Kinds: stalled-readers (1a), pinned-chunk (1b), deaf-room (1c), who-storm (1d), burst (5), and
# tls-handshakes (issue 8: 1,000 connections open a TLS handshake at once, then log in and sit; the
# server gets a TLS port with a throwaway openssl certificate that the attackers trust), and
# password-storm (issue 13: 50 users send a wrong /oper password at once, every 10 s, a
# 600,000-iteration hash each; the server takes passwords in clear and its per-address password
# limit is lifted like the connection limits); see
# `chatroom-bench attack --help`. Other options go to `chatroom-bench attack` (--duration,
# --connect-rate, ...). Not part of `mvn verify`: `mvn -Psoak verify` runs it (bench/pom.xml).
#
# Builds the jars if they are stale, raises the open-file limit, and for each kind starts the
# server through bin/chatroom-server (its JVM settings: -Xmx1g -XX:MaxDirectMemorySize=1g, ...),
# or with --jar as `java <the launcher's JVM options> -jar JAR`, with the per-address limits
# lifted (every attacker comes from 127.0.0.1; the canary from 127.0.0.2) and --max-clients
# 20000. An older jar is given only the options its --help names. After the attack the server
# is stopped (SIGTERM, then SIGKILL after 20 s) and its log searched.
#
# Exit status: 0 when the server survived every kind with every canary line delivered; 2 when
# it died, lost canary lines or logged an OutOfMemoryError or a failed loop; 1 when something
# could not be set up.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

jar=
connect_rate_given=false
kinds="stalled-readers pinned-chunk deaf-room who-storm burst tls-handshakes password-storm"
clients=
duration=60
pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar=$2; shift 2 ;;
    --kinds) kinds=$2; shift 2 ;;
    --clients) clients=$2; pass+=("$1" "$2"); shift 2 ;;
    --duration) duration=$2; pass+=("$1" "$2"); shift 2 ;;
    --connect-rate) connect_rate_given=true; pass+=("$1" "$2"); shift 2 ;;
    *) pass+=("$1"); shift ;;
  esac
done

build_if_stale
raise_fd_limit $((${clients:-10000} + 500))

server_options=(--max-clients 20000)
if [ -n "$jar" ]; then
  [ -f "$jar" ] || { echo "$(basename "$0"): no jar $jar" >&2; exit 1; }
  # The launcher's own JVM options, read from it so the two cannot drift apart.
  defaults=
  eval "$(grep '^defaults=' "$root/bin/chatroom-server")"
  # shellcheck disable=SC2206 # options split on spaces, as the launcher does
  chatroom_command=(java ${CHATROOM_JAVA_OPTS:-$defaults} -jar "$jar")
  # An older server fails on an option it does not know: pass only those its --help names.
  help=$(java -jar "$jar" --help 2>&1 || true)
  known() { # OPTION VALUE pairs: prints those whose option the help names, a word a line
    local args=("$@") i
    for ((i = 0; i < ${#args[@]}; i += 2)); do
      if grep -q -- "${args[i]}=" <<<"$help"; then printf '%s\n%s\n' "${args[i]}" "${args[i + 1]}"; fi
    done
  }
  mapfile -t address_limits < <(known "${address_limits[@]}")
  mapfile -t server_options < <(known "${server_options[@]}")
fi
server_name=${jar:-"$root/bin/chatroom-server"}

work=$(mktemp -d -t chatroom-attacks.XXXXXX)
chatroom_pid=
trap 'stop_bounded "$chatroom_pid"' EXIT

# Whether the process runs: a child that exited stays a zombie until waited for, and kill -0 still finds it.
running() {
  [ -n "$1" ] && [ -n "$(ps -o stat= -p "$1" 2>/dev/null | grep -v Z)" ]
}

# SIGTERM, then SIGKILL after 20 s (a server wedged by an OutOfMemoryError may never stop); sets
# stopped_status to its exit status. Not in a $(...): only this shell can wait for its child.
# Usage: stop_bounded PID (empty: nothing).
stop_bounded() {
  local pid=$1
  stopped_status=0
  [ -n "$pid" ] || return 0
  if running "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 200); do running "$pid" || break; sleep 0.1; done
    if running "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  wait "$pid" 2>/dev/null || stopped_status=$?
}

# A value from the generator's summary line. Usage: field KEY SUMMARY
field() {
  sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"
}

ts='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[^ ]+ '
rows=()
notes=()
overall=0
echo "Server: $server_name ($(nproc) cores; load average $(cut -d ' ' -f 1-3 /proc/loadavg)); logs and reports in $work" >&2
for kind in $kinds; do
  log="$work/$kind.server.log"
  report="$work/$kind.report"
  tls_server=()
  tls_attack=()
  if [ "$kind" = tls-handshakes ]; then
    if [ ! -f "$work/tls-cert.pem" ]; then
      openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
        -addext 'subjectAltName=IP:127.0.0.1,DNS:localhost' -keyout "$work/tls-key.pem" -out "$work/tls-cert.pem" \
        2>/dev/null || { echo "$(basename "$0"): openssl could not make a certificate" >&2; exit 1; }
    fi
    tls_server=(--tls-port 0 --tls-cert "$work/tls-cert.pem" --tls-key "$work/tls-key.pem")
    # All at once, unless told otherwise: the storm of concurrent handshakes is the attack.
    [ "$connect_rate_given" = true ] || tls_attack=(--connect-rate 100000)
  fi
  password_server=()
  if [ "$kind" = password-storm ]; then
    password_server=(--allow-plaintext-passwords --password-attempts 1000000)
  fi
  start_chatroom "$log" "${server_options[@]}" "${tls_server[@]}" "${password_server[@]}"
  [ ${#tls_server[@]} -eq 0 ] || tls_attack+=(--tls-port "$chatroom_tls_port" --tls-ca "$work/tls-cert.pem")
  echo "== $kind: server pid $chatroom_pid on 127.0.0.1:$chatroom_port (${address_limits[*]} ${server_options[*]})" >&2
  status=0
  # Bounded even if the generator hangs: connecting, the attack and its drains take far less.
  timeout --kill-after=10 "$(awk -v d="$duration" -v n="${clients:-10000}" 'BEGIN { printf "%d", d + n / 100 + 300 }')" \
    java ${ATTACK_JAVA_OPTS:-} -jar "$bench_jar" attack --kind "$kind" --port "$chatroom_port" \
    --server-pid "$chatroom_pid" "${tls_attack[@]}" "${pass[@]}" >"$report" || status=$?
  cat "$report"
  alive=yes
  running "$chatroom_pid" || alive=no
  stop_bounded "$chatroom_pid"
  exit_status=$stopped_status
  chatroom_pid=

  summary=$(grep '^summary ' "$report" || true)
  oom=$(grep -c OutOfMemoryError "$log" || true)
  loop_failed=$(grep -cE "${ts}[A-Z]+ +[^ ]+ event=loop_failed" "$log" || true)
  shed=$(grep -cE "${ts}[A-Z]+ +[^ ]+ event=output_shed" "$log" || true)
  kicks=$(grep -cE "${ts}[A-Z]+ +[^ ]+ event=slow_consumer_kick" "$log" || true)
  survived=yes
  if [ "$alive" = no ]; then
    survived="no: exited ($exit_status)"
  elif [ "$loop_failed" -gt 0 ] || [ "$oom" -gt 0 ]; then
    survived="no: running, loop failed"
  elif [ "$(field verdict "$summary")" != survived ]; then
    survived="no: lost canary lines"
  fi
  if [ -z "$summary" ]; then
    survived="? (attack exit $status)"
  fi
  if [ "$survived" != yes ]; then
    overall=$((status == 1 && overall == 0 ? 1 : 2))
    notes+=("$kind: attack exit status $status, server exit status $exit_status; the server log's last lines:")
    notes+=("$({ grep -E "OutOfMemoryError|event=loop_failed|${ts}ERROR " "$log" || true; } | head -n 3 | cut -c 1-200)")
    notes+=("$(tail -n 3 "$log" | cut -c 1-200)")
  fi
  rows+=("$(printf '| %s | %s (%s in) | %s / %s / %s | %s of %s | %s | %s | %s | %s | %s | %s |' "$kind" \
    "$(field connections "$summary")" "$(field in "$summary")" "$(field canary_p50_ms "$summary")" \
    "$(field canary_p99_ms "$summary")" "$(field canary_max_ms "$summary")" "$(field canary_lost "$summary")" \
    "$(field canary_sent "$summary")" "$(field peak_rss_mib "$summary")" "$(field server_cpu_pct "$summary")" \
    "$survived" "$(field cut_off "$summary")" "$shed" "$kicks / $oom")")
done
trap - EXIT

echo
echo "Attacks on $server_name, each against a fresh server:"
echo
echo "| kind | connections | canary p50 / p99 / max ms | canary lines lost | server peak RSS MiB | server CPU % | server survived | attackers cut off | output_shed events | slow-consumer kicks / OutOfMemoryError lines |"
echo "|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
if [ ${#notes[@]} -gt 0 ]; then
  echo
  printf '%s\n' "${notes[@]}" | sed '/^$/d'
fi
exit "$overall"
