#!/usr/bin/env bash
# The benchmark command: builds the jars if needed, makes sure RabbitMQ runs, and runs the scenarios
# (arguments: --name=value, see bench/README section in the project README). Prints and saves a Markdown report.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/select-jdk.sh
select_jdk
if [[ ! -f bench/target/threadline-bench.jar || ! -f gateway/target/threadline-gateway.jar \
      || ! -f worker/target/threadline-worker.jar || ! -f bench/relay-peer/target/threadline-relay-peer.jar ]]; then
  ./mvnw -B -q package -DskipTests
fi
exec "$JAVA_HOME/bin/java" -Xss512k -jar bench/target/threadline-bench.jar "$@"
