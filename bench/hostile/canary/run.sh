#!/usr/bin/env bash
# A canary's latency while one address attacks within the default limits (issue 15's hostile round).
# usage: run.sh NAME JAR MODE CROWD   -> prints one summary line (JSON); logs in $LOGS (default ./logs)
#   MODE: short (60 B lines), med (500 B), burstmed (1,000 B), long (4,090 B); CROWD: readers in the lobby
# The server on CPU 1 with default limits (java -jar JAR --port 0 --bind 127.0.0.1 --no-persist); a crowd
# of readers (crowd.c, epoll, 10 per source address 127.0.1.1 on), an attacker of 10 connections from
# 127.0.0.5 sending as fast as flood control reads it, a canary pair in a room of its own from 127.0.0.2
# and a witness counting the attacker's lines (gen.py, asyncio) on CPU 0. SETTLE and MEASURE: seconds.
set -u
here=$(cd "$(dirname "$0")" && pwd)
name=$1 jar=$2 mode=$3 crowd=$4
settle=${SETTLE:-10} measure=${MEASURE:-30}
logs=${LOGS:-$PWD/logs}
mkdir -p "$logs"
[ -x "$logs/crowd" ] || gcc -O2 -o "$logs/crowd" "$here/crowd.c" || exit 1
tag=$name
id=$(date -u +%H%M%S)-$tag-$mode-$crowd
slog=$logs/$id.server.log clog=$logs/$id.crowd.log
ulimit -n 20000
taskset -c 1 java -jar "$jar" --port 0 --bind 127.0.0.1 --no-persist 2>"$slog" >/dev/null &
spid=$!
port=
for _ in $(seq 150); do
  port=$(sed -n 's/.*event=listening addr=[^ ]*:\([0-9][0-9]*\) format=.*/\1/p' "$slog" | head -n 1)
  [ -n "$port" ] && break; sleep 0.1
done
cleanup() {
  [ -n "${cpid:-}" ] && kill -TERM $cpid 2>/dev/null; wait $cpid 2>/dev/null
  kill -TERM $spid 2>/dev/null
  for _ in $(seq 200); do kill -0 $spid 2>/dev/null || break; sleep 0.1; done
  kill -KILL $spid 2>/dev/null; wait $spid 2>/dev/null
}
if [ -z "$port" ]; then echo "{\"id\":\"$id\",\"error\":\"no port\"}"; cleanup; exit 1; fi
taskset -c 0 "$logs/crowd" $port $crowd >"$clog" &
cpid=$!
ok=
for _ in $(seq 1200); do
  grep -q ALLJOINED "$clog" && { ok=1; break; }
  kill -0 $cpid 2>/dev/null || break
  sleep 0.1
done
if [ -z "$ok" ]; then echo "{\"id\":\"$id\",\"error\":\"crowd did not join\",\"crowd\":\"$(tail -1 $clog)\"}"; cleanup; exit 1; fi
jt=$(sed -n 's/^ALLJOINED //p' "$clog")
res=$(taskset -c 0 nice -n -5 python3 $here/gen.py $port $mode $spid $cpid $clog $settle $measure 2>"$logs/$id.gen.err")
kills=$(grep -c -i 'too slow\|kick\|reason="timed out\|output limit' "$slog")
disc=$(grep -c 'event=disconnect' "$slog")
cleanup
final=$(grep FINAL "$clog")
echo "{\"id\":\"$id\",\"jar\":\"$tag\",\"crowd\":$crowd,\"join_s\":$jt,\"kicks_in_log\":$kills,\"disconnects_in_log\":$disc,\"crowd_final\":\"$final\",\"gen\":${res:-null}}"
