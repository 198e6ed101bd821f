#!/bin/sh
# Sourced by ./mvnw, ./beadhub and .ci/run: points JAVA_HOME at a JDK >= 21.
# Order: JAVA_HOME if it is new enough, then `java` on PATH, then the newest JDK under /usr/lib/jvm
# (or /Library/Java/JavaVirtualMachines on macOS).
beadhub_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1 | cut -d. -f1
}
beadhub_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(beadhub_java_major "$JAVA_HOME/bin/java"); [ "${v:-0}" -ge 21 ] 2>/dev/null && return 0
  fi
  if command -v javac >/dev/null 2>&1; then
    jh=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    v=$(beadhub_java_major "$jh/bin/java"); if [ "${v:-0}" -ge 21 ] 2>/dev/null; then JAVA_HOME=$jh; export JAVA_HOME; return 0; fi
  fi
  best=""; bestv=0
  case $- in *f*) noglob=1; set +f ;; *) noglob=0 ;; esac
  for d in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$d/bin/javac" ] || continue
    v=$(beadhub_java_major "$d/bin/java")
    if [ "${v:-0}" -gt "$bestv" ] 2>/dev/null; then best=$d; bestv=$v; fi
  done
  [ "$noglob" = 1 ] && set -f
  if [ "$bestv" -ge 21 ]; then JAVA_HOME=$best; export JAVA_HOME; return 0; fi
  echo "beadhub: no JDK >= 21 found (set JAVA_HOME, or install one under /usr/lib/jvm)" >&2
  return 1
}
beadhub_find_jdk || exit 1
