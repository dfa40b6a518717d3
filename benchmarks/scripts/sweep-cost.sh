#!/usr/bin/env bash
# What the driver's recovery sweeps cost Redis: INSTANCES idle driver instances of one configuration (one JVM each,
# one open connection, default recovery settings) for DURATION seconds, against a private redis-server holding KEYS
# other keys. Prints the sweeps (SCAN passes over the keyspace), the turns asked for (SET), Redis's CPU time (INFO
# cpu) and its share of one core.
#
# Needs redis-server, redis-cli, psql, awk, bc and the built jar (mvn -B -q -pl benchmarks -am package -DskipTests).
# Uses a schema of its own, dropped at the end, and a redis-server of its own on a free port, stopped at the end.
#
#   PG_URL=postgresql://postgres@127.0.0.1:5432/test JDBC_URL='jdbc:postgresql://127.0.0.1:5432/test?user=postgres' \
#     KEYS=1000000 INSTANCES=3 DURATION=120 benchmarks/scripts/sweep-cost.sh
set -euo pipefail

PG_URL=${PG_URL:-postgresql://postgres@127.0.0.1:5432/test}
JDBC_URL=${JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
KEYS=${KEYS:-1000000}
INSTANCES=${INSTANCES:-1}
DURATION=${DURATION:-120}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${JAR:-$ROOT/benchmarks/target/benchmarks.jar}
[ -f "$JAR" ] || { echo "build the jar first: mvn -B -q -pl benchmarks -am package -DskipTests" >&2; exit 2; }

TAG=wtsweep$RANDOM$RANDOM
WORK=$(mktemp -d)
PORT=
for candidate in $(seq 20000 20100); do
  if ! redis-cli -p "$candidate" ping > /dev/null 2>&1; then PORT=$candidate; break; fi
done
[ -n "$PORT" ] || { echo "no free port in 20000-20100" >&2; exit 2; }
redis() { redis-cli -p "$PORT" "$@"; }
cleanup() {
  redis shutdown nosave > /dev/null 2>&1 || true
  psql -q "$PG_URL" -c "DROP SCHEMA IF EXISTS $TAG CASCADE" > /dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --dir "$WORK" \
  --logfile "$WORK/redis.log" > /dev/null
until redis ping > /dev/null 2>&1; do :; done
awk -v n="$KEYS" 'BEGIN { for (i = 1; i <= n; i++) { k = "other:" i; printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$1\r\nv\r\n", length(k), k } }' \
  | redis --pipe > /dev/null
psql -q -v ON_ERROR_STOP=1 "$PG_URL" -c "CREATE SCHEMA $TAG" \
  -c "CREATE TABLE $TAG.users (id int PRIMARY KEY, name text)" -c "INSERT INTO $TAG.users VALUES (1, 'a')"
printf 'redis.url=redis://127.0.0.1:%s\ntable.users.key=user:{id}\n' "$PORT" > "$WORK/writethrough.properties"
URL="jdbc:writethrough:${JDBC_URL#jdbc:}&currentSchema=$TAG"

cpu() { redis info cpu | awk -F: '/used_cpu_(user|sys):/ { s += $2 } END { print s }'; }
calls() { redis info commandstats | awk -F'[:,=]' -v c="cmdstat_$1" '$1 == c { print $3 }'; }
redis config resetstat > /dev/null
before=$(cpu)
echo "== $INSTANCES instance(s), $(redis dbsize) keys, ${DURATION} s; load: $(cut -d' ' -f1-3 /proc/loadavg)"
pids=()
for i in $(seq "$INSTANCES"); do
  java -cp "$JAR" io.writethrough.benchmarks.IdleInstance "$URL" "$WORK/writethrough.properties" "$DURATION" \
    > "$WORK/instance-$i.log" 2>&1 &
  pids+=($!)
done
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || { cat "$WORK/instance-$((i + 1)).log" >&2; exit 1; }
done
used=$(echo "$(cpu) - $before" | bc)
scans=$(calls scan); turns=$(calls set)
# A sweep scans 1,000 keys a call.
printf 'sweeps %.0f (SCAN calls %s), turns asked %s, Redis CPU %.2f s, %.1f %% of a core\n' \
  "$(echo "${scans:-0} * 1000 / $KEYS" | bc -l)" "${scans:-0}" "${turns:-0}" "$used" \
  "$(echo "100 * $used / $DURATION" | bc -l)"
