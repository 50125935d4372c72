# Sourced by run-local.sh and .ci/run: exports JAVA_HOME as a JDK of version 21 or newer.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

select_jdk() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" && "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]]; then
    return 0
  fi
  if command -v java >/dev/null && [[ "$(java_major "$(command -v java)")" -ge 21 ]]; then
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    export JAVA_HOME
    return 0
  fi
  local candidate
  for candidate in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    if [[ -x "$candidate/bin/java" && "$(java_major "$candidate/bin/java")" -ge 21 ]]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "Threadline needs a JDK 21 or newer: install one or set JAVA_HOME" >&2
  return 1
}
