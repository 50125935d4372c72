#!/usr/bin/env bash
# Local mode in one command: builds the standalone jar if needed and runs gateway + worker in one JVM,
# with an embedded broker and store unless RABBITMQ_URI / MONGODB_URI are set. Needs only a JDK 21+.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/select-jdk.sh
select_jdk
JAR=standalone/target/threadline-standalone.jar
build() {
  echo "$1"
  # on JDK 24+ Maven's own Guice prints four sun.misc.Unsafe WARNING lines that -q does not silence
  if [[ "$(java_major "$JAVA_HOME/bin/java")" -ge 24 ]]; then
    export MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}"
  fi
  ./mvnw -B -q package -DskipTests
}
if [[ ! -f "$JAR" ]]; then
  build "Building Threadline (first time: about 2 minutes)..."
elif [[ -n "$(find . -path ./data -prune -o -newer "$JAR" -name '*.java' -print -quit)" ]]; then
  build "Rebuilding Threadline (sources changed)..."
fi
exec "$JAVA_HOME/bin/java" -jar "$JAR" "$@"
