#!/usr/bin/env bash
# Local mode in one command: builds the standalone jar if needed and runs gateway + worker in one JVM,
# with an embedded broker and store unless RABBITMQ_URI / MONGODB_URI are set. Needs only a JDK 21+.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/select-jdk.sh
select_jdk
JAR=standalone/target/threadline-standalone.jar
if [[ ! -f "$JAR" ]]; then
  echo "Building Threadline (first time: about 2 minutes)..."
  ./mvnw -B -q package -DskipTests
elif [[ -n "$(find . -path ./data -prune -o -newer "$JAR" -name '*.java' -print -quit)" ]]; then
  echo "Rebuilding Threadline (sources changed)..."
  ./mvnw -B -q package -DskipTests
fi
exec "$JAVA_HOME/bin/java" -jar "$JAR" "$@"
