#!/usr/bin/env bash
# Issue 14: the server's history log (HistoryStore) against SQLite in WAL mode, for appends/s
# under each fsync policy and for the start with a million records in a thousand rooms.
#
#   bench/history.sh                         both formats, every policy, 3 runs each (~1 hour: the log's
#                                          always and everysec take minutes a run, see below)
#   bench/history.sh --runs 1 --records 100000 --formats log --policies no    a quick look
#
# Each repetition is a JVM of its own (a cold start, as the server's), in a directory of its
# own under --dir (default: a new one in /tmp), deleted after it. Lines go to --out (default:
# DIR/results.tsv), and the table of medians (min–max) is printed at the end. For one run of any
# shape (--order by-room --keep makes a big log fast, --reuse times cold starts from it):
#   java -cp bench/target/test-classes:$(cat bench/target/history.classpath) \
#     chatroom.bench.history.HistoryBench run --help
# The tool lives in the bench module's test sources (src/history): it needs the server and
# sqlite-jdbc, which the load generator's jar does not carry.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
runs=3 records=1000000 rooms=1000 formats="log sqlite" policies="always everysec no" dir="" out=""
heap=${HISTORY_HEAP:-512m}
while [[ $# -gt 0 ]]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --records) records=$2; shift 2 ;;
    --rooms) rooms=$2; shift 2 ;;
    --formats) formats=$2; shift 2 ;;
    --policies) policies=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "history.sh: unknown option $1" >&2; exit 1 ;;
  esac
done
dir=${dir:-$(mktemp -d /tmp/chatroom-history.XXXXXX)}
out=${out:-$dir/results.tsv}
mkdir -p "$dir"

mvn -B -q -f "$root/pom.xml" -pl server,bench -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/history.classpath -Dmdep.includeScope=test >&2
cp="$root/bench/target/test-classes:$(cat "$root/bench/target/history.classpath")"
export CHATROOM_LOG_LEVEL=${CHATROOM_LOG_LEVEL:-WARN}

for run in $(seq "$runs"); do
  for format in $formats; do
    for policy in $policies; do
      echo "run $run/$runs $format $policy: $(uptime)" >&2
      java -Xmx"$heap" -cp "$cp" chatroom.bench.history.HistoryBench run --format "$format" --fsync "$policy" \
        --records "$records" --rooms "$rooms" --dir "$dir" --out "$out" >/dev/null
    done
  done
done
echo "results: $out" >&2
java -cp "$cp" chatroom.bench.history.HistoryBench table "$out"
