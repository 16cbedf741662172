#!/usr/bin/env bash
# usage: driver.sh NAME=JAR [NAME=JAR ...]   the matrix below, 3 runs each, the servers interleaved
# (a, b, c, a, ...) so the machine's noise falls on all alike; appends to ./results.jsonl, then
# report.py prints the table. RUNS, MATRIX ("5000 med;1000 short") override the defaults.
set -u
here=$(cd "$(dirname "$0")" && pwd)
names=(); declare -A jarp
for a in "$@"; do names+=("${a%%=*}"); jarp[${a%%=*}]=${a#*=}; done
IFS=';' read -r -a groups <<< "${MATRIX:-5000 burstmed;5000 med;5000 long;5000 short;1000 burstmed;1000 med;1000 long;1000 short}"
reps=${RUNS:-3}
touch results.jsonl
for g in "${groups[@]}"; do
  set -- $g; crowd=$1 mode=$2
  for _ in $(seq "$reps"); do
    for j in "${names[@]}"; do
      echo "$(date -u +%T) run $j $mode $crowd" >&2
      line=$("$here/run.sh" "$j" "${jarp[$j]}" "$mode" "$crowd")
      echo "$line" >&2
      case "$line" in *'"gen":{'*) echo "$line" >> results.jsonl ;; *) echo "$line" >> failed.jsonl ;; esac
    done
  done
done
