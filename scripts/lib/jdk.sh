# Sourced by the scripts: finds a JDK 25+ and exports JAVA_HOME, or stops with a clear message.
# Order: JAVA_HOME when it is 25 or newer, then the newest JDK 25+ under /usr/lib/jvm.

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

find_jdk25() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 25 ] && [ "$major" -gt "$best_major" ]; then
      best=$candidate best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "convt: needs a JDK 25 or newer, found none (JAVA_HOME='${JAVA_HOME:-}' is not 25+, nothing under /usr/lib/jvm)." >&2
    echo "convt: install Temurin 25 (or any JDK 25+) and set JAVA_HOME to it." >&2
    exit 1
  fi
  export JAVA_HOME=$best
}

require_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "convt: needs Apache Maven (mvn) on PATH; on Debian: apt-get install -y maven" >&2
    exit 1
  fi
}

find_jdk25
export PATH="$JAVA_HOME/bin:$PATH"
