# Picks the JDK that ./mvnw starts Maven on. Sourced by ./mvnw (the "Junction" hook near its top), so it is
# POSIX sh and runs under mvnw's `set -euf`; every name it defines starts with junction_ or _jdk_.
#
# Junction builds with a JDK 21 or newer. A JAVA_HOME that is one is kept, and so is the java on the PATH
# when JAVA_HOME is unset. Otherwise the first JDK 21+ of: the java on the PATH, the newest in the usual
# install folders (those ./junction's find_java looks in, plus ~/.m2/jdks and ~/Library/Java), becomes
# JAVA_HOME for this build, and a line on stderr says which and why. With none anywhere, mvnw stops with
# where it looked and what to install.
#
# Without this hook (plain `mvn`, mvnw.cmd, a regenerated mvnw) the maven-toolchains-plugin in pom.xml
# still finds a JDK 21+ for compiling and testing when Maven runs on an older Java; only slower, as javac
# then runs in a process of its own for every module and the tests run in one JVM.

# Prints the feature version (17, or 8 for 1.8) of the JDK at $1, or nothing when $1 is no JDK (no javac).
junction_jdk_major() {
  [ -n "$1" ] && [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -f "$1/release" ]; then
    _jdk_v="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release")" || _jdk_v=""
  else
    _jdk_v="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')" || _jdk_v=""
  fi
  _jdk_v="${_jdk_v#1.}"
  printf %s "${_jdk_v%%[!0-9]*}"
}

# Prints "Java 17" or why the folder $1 is no JDK, for messages.
junction_jdk_describe() {
  if [ -z "$1" ] || [ ! -x "$1/bin/java" ]; then
    echo "not a JDK (no bin/java)"
  elif [ -n "$(junction_jdk_major "$1")" ]; then
    echo "Java $(junction_jdk_major "$1")"
  else
    echo "not a JDK (no bin/javac)"
  fi
}

junction_select_jdk() {
  _jdk_seen="" _jdk_path_home=""
  if [ -n "${JAVA_HOME-}" ]; then
    if [ "$(junction_jdk_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then return 0; fi
    _jdk_seen="JAVA_HOME=$JAVA_HOME is $(junction_jdk_describe "$JAVA_HOME")"
  else
    _jdk_seen="JAVA_HOME is not set"
  fi
  _jdk_java="$(command -v java 2>/dev/null)" || _jdk_java=""
  if [ -n "$_jdk_java" ]; then
    _jdk_path_home="$("$_jdk_java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.home = //p')" || _jdk_path_home=""
    if [ "$(junction_jdk_major "$_jdk_path_home")" -ge 21 ] 2>/dev/null; then
      # java on the PATH is a JDK 21+: without JAVA_HOME Maven starts on it anyway, with JAVA_HOME it must be named.
      if [ -z "${JAVA_HOME-}" ]; then return 0; fi
    else
      _jdk_seen="$_jdk_seen; java on the PATH ($_jdk_java) is $(junction_jdk_describe "$_jdk_path_home")"
      _jdk_path_home=""
    fi
  else
    _jdk_seen="$_jdk_seen; no java on the PATH"
  fi

  _jdk_best="$_jdk_path_home" _jdk_best_major=0
  if [ -z "$_jdk_best" ]; then
    case $- in *f*) _jdk_noglob=1 ;; *) _jdk_noglob=0 ;; esac
    set +f
    for _jdk_home in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/* "${HOME-}"/.sdkman/candidates/java/* "${HOME-}"/.jdks/* \
      "${HOME-}"/.m2/jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home "${HOME-}"/Library/Java/JavaVirtualMachines/*/Contents/Home; do
      _jdk_major="$(junction_jdk_major "$_jdk_home")"
      if [ -n "$_jdk_major" ] && [ "$_jdk_major" -ge 21 ] && [ "$_jdk_major" -gt "$_jdk_best_major" ]; then
        _jdk_best="$_jdk_home" _jdk_best_major="$_jdk_major"
      fi
    done
    [ "$_jdk_noglob" = 0 ] || set -f
  fi

  if [ -z "$_jdk_best" ]; then
    {
      echo "mvnw: Junction needs a JDK 21 or newer to build, and found none."
      echo "  $_jdk_seen."
      echo "  Also looked in /usr/lib/jvm, /usr/java, /opt/java, /opt, ~/.sdkman/candidates/java, ~/.jdks, ~/.m2/jdks,"
      echo "  /Library/Java/JavaVirtualMachines and ~/Library/Java/JavaVirtualMachines."
      echo "  Fix: install a JDK 21+ (for example 'sudo apt-get install openjdk-21-jdk', 'brew install --cask temurin@21',"
      echo "  'sdk install java 21-tem', or Eclipse Temurin 21 from https://adoptium.net), then run again;"
      echo "  if it lives elsewhere, set JAVA_HOME to it."
    } >&2
    exit 1
  fi
  echo "mvnw: $_jdk_seen. Building with the JDK 21+ at $_jdk_best (set JAVA_HOME to a JDK 21+ to choose another)." >&2
  JAVA_HOME="$_jdk_best"
  export JAVA_HOME
}

junction_select_jdk
