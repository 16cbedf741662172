#!/usr/bin/env bash
# JMH micro-benchmarks of the server's hot paths (bench/src/jmh): the line decoder, the cost of
# encoding one event as a text line and as a JSON line, and the
# broadcast path from a chat line to every member's queue and out through the gathering write.
#
#   bench/jmh.sh                          every benchmark (about 2 minutes)
#   bench/jmh.sh LineDecoder              those whose name matches a regular expression
#   bench/jmh.sh Broadcast -p members=100 any other JMH options: bench/jmh.sh -h lists them
#
# Compiles the server and the benchmarks (test scope of the bench module, so never part of the
# load generator's jar and never run by `mvn verify`), then runs JMH on their test classpath.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
mvn -B -q -f "$root/pom.xml" -pl server,bench -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/jmh.classpath -Dmdep.includeScope=test >&2
# The chat logs every name at INFO; the benchmarks' setup names thousands.
export CHATROOM_LOG_LEVEL=${CHATROOM_LOG_LEVEL:-WARN}
exec java -cp "$root/bench/target/test-classes:$(cat "$root/bench/target/jmh.classpath")" \
  org.openjdk.jmh.Main "$@"
