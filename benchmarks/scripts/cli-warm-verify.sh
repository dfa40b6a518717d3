#!/usr/bin/env bash
# End-to-end figures of writethrough-cli warm and verify, and of the baseline they are judged by, in one run:
#   baseline = COPY (SELECT * FROM t) TO STDOUT of the table  +  redis-cli --pipe of the same entries (HSET / SET)
#   warm     = java -Xmx256m -jar cli/target/writethrough-cli.jar warm   (rows/s, wall time, peak heap from the GC log)
#   verify   = the same for verify
# for a hash-mapped and a JSON-mapped table of ROWS rows each. The entries for redis-cli are generated from the COPY
# output beforehand (not timed): the baseline is only the reading and the writing.
#
# Needs psql, redis-cli, /usr/bin/time, awk and the built jar (mvn -B -q -pl cli -am package -DskipTests). Uses a
# schema and a key prefix of its own, dropped and deleted at the end; never flushes Redis.
#
#   PG_URL=postgresql://postgres@127.0.0.1:5432/test JDBC_URL='jdbc:postgresql://127.0.0.1:5432/test?user=postgres' REDIS_HOST=127.0.0.1 REDIS_PORT=6379 ROWS=1000000 \
#     benchmarks/scripts/cli-warm-verify.sh
# With JFR_DIR=/some/dir, each tool run also records a JFR profile there (warm-bench_h.jfr, ...; default settings,
# about 1 % overhead).
set -euo pipefail

PG_URL=${PG_URL:-postgresql://postgres@127.0.0.1:5432/test}
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}
ROWS=${ROWS:-1000000}
HEAP=${HEAP:-256m}
BATCH=${BATCH:-1000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${JAR:-$ROOT/cli/target/writethrough-cli.jar}
[ -f "$JAR" ] || { echo "build the jar first: mvn -B -q -pl cli -am package -DskipTests" >&2; exit 2; }

TAG=wtbench$RANDOM$RANDOM
PREFIX="$TAG:"
WORK=$(mktemp -d)
JDBC_URL=${JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
JDBC_URL="$JDBC_URL&currentSchema=$TAG"
redis() { redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" "$@"; }
cleanup() {
  psql -q "$PG_URL" -c "DROP SCHEMA IF EXISTS $TAG CASCADE" >/dev/null 2>&1 || true
  redis --scan --pattern "$PREFIX*" | xargs -r -n 1000 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" unlink >/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }

echo "== $ROWS rows per table, schema $TAG, prefix $PREFIX, heap $HEAP, batch $BATCH; load: $(cut -d' ' -f1-3 /proc/loadavg)"
psql -q -v ON_ERROR_STOP=1 "$PG_URL" <<SQL
CREATE SCHEMA $TAG;
SET search_path = $TAG;
CREATE TABLE bench_h (id bigint PRIMARY KEY, name text, email text, score numeric(8,2), active boolean, created timestamptz);
CREATE TABLE bench_j (LIKE bench_h INCLUDING ALL);
INSERT INTO bench_h SELECT g, 'user ' || g, 'user' || g || '@example.com', (g % 100000) / 7.0, g % 2 = 0,
  TIMESTAMPTZ '2026-01-01 00:00:00+00' + g * INTERVAL '1 second' FROM generate_series(1, $ROWS) g;
INSERT INTO bench_j SELECT * FROM bench_h;
VACUUM ANALYZE bench_h;
VACUUM ANALYZE bench_j;
SQL
cat > "$WORK/writethrough.properties" <<PROPS
redis.url=redis://$REDIS_HOST:$REDIS_PORT
recovery.interval.ms=0
table.bench_h.key=${PREFIX}h:{id}
table.bench_j.key=${PREFIX}j:{id}
table.bench_j.format=json
PROPS

# RESP commands from COPY's output: HSET for the hash table, SET of a JSON object for the other (ASCII data: awk's
# length is the byte length).
resp() {
  awk -F'\t' -v table="$1" -v prefix="$PREFIX" '
    function bulk(s) { return "$" length(s) "\r\n" s "\r\n" }
    {
      split("id name email score active created", names, " ")
      if (table == "bench_h") {
        out = "*14\r\n" bulk("HSET") bulk(prefix "h:" $1)
        for (i = 1; i <= 6; i++) out = out bulk(names[i]) bulk($i)
      } else {
        doc = "{\"id\":" $1 ",\"name\":\"" $2 "\",\"email\":\"" $3 "\",\"score\":" $4 ",\"active\":" ($5 == "t" ? "true" : "false") ",\"created\":\"" $6 "\"}"
        out = "*3\r\n" bulk("SET") bulk(prefix "j:" $1) bulk(doc)
      }
      printf "%s", out
    }'
}

run_tool() { # command table -> prints "seconds peakHeapMB"
  local log=$WORK/gc-$1-$2.log start end jfr=()
  [ -n "${JFR_DIR:-}" ] && jfr=(-XX:StartFlightRecording=filename="$JFR_DIR/$1-$2.jfr")
  start=$(now)
  java -Xmx$HEAP -Xlog:gc:file="$log" "${jfr[@]}" -jar "$JAR" "$1" --jdbc-url "$JDBC_URL" --config "$WORK/writethrough.properties" \
    --table "$2" --batch-size "$BATCH" > "$WORK/out-$1-$2.txt" 2> "$WORK/err-$1-$2.txt" || [ "$1" = verify ]
  end=$(now)
  local peak
  peak=$(grep -o '[0-9]*M->[0-9]*M' "$log" | sed 's/M->.*//' | sort -n | tail -1)
  echo "$(secs "$start" "$end") ${peak:-0}"
  tail -1 "$WORK/out-$1-$2.txt" >&2
}

printf '%-8s %10s %10s %10s %12s %12s %12s %10s %10s\n' table copy_s pipe_s base_s warm_s warm_rows/s verify_s verify_r/s ratio
for table in bench_h bench_j; do
  start=$(now)
  psql -q "$PG_URL" -c "\\copy $TAG.$table TO '$WORK/$table.tsv'"
  copy=$(secs "$start" "$(now)")
  resp "$table" < "$WORK/$table.tsv" > "$WORK/$table.resp"
  start=$(now)
  redis --pipe < "$WORK/$table.resp" > /dev/null
  pipe=$(secs "$start" "$(now)")
  redis --scan --pattern "$PREFIX*" | xargs -r -n 1000 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" unlink > /dev/null
  rm -f "$WORK/$table.resp" "$WORK/$table.tsv"

  read -r warm warm_heap < <(run_tool warm "$table")
  read -r verify verify_heap < <(run_tool verify "$table")
  base=$(echo "$copy + $pipe" | bc)
  printf '%-8s %10.2f %10.2f %10.2f %12.2f %12.0f %12.2f %10.0f %10.2f   peak heap: warm %s MB, verify %s MB\n' \
    "$table" "$copy" "$pipe" "$base" "$warm" "$(echo "$ROWS / $warm" | bc)" "$verify" "$(echo "$ROWS / $verify" | bc)" \
    "$(echo "scale=2; $warm / $base" | bc)" "$warm_heap" "$verify_heap"
done
