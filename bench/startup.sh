#!/usr/bin/env bash
# The fixed cost of a launch (README, Performance): submit-scripts/polarity with the runtime's class
# data archive (spark-runtime/class-archive.sh, written by `mvn package`) against without it, on
# two small jobs, each timed from the command's start to its end: `metrics sql` counting the runs
# of a small warehouse, and an ingest of 2,000 generated reviews. ROUNDS alternating rounds, then medians
# with ranges.
# Usage: bench/startup.sh [ROUNDS]   (default 3)
# Needs: mvn -DskipTests package.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rounds="${1:-3}"
archive="$spark_line_home/polarity-classes.jsa"
[ -f "$archive" ] || { echo "bench: $archive missing (run: $spark_line_build)" >&2; exit 2; }
bench="$work/startup"
results="$bench/results.txt"
rm -rf "$bench"
mkdir -p "$bench"
: > "$results"
cat > "$bench/job.conf" << CONF
warehouse.root = "$bench/warehouse"
generate { output = "$bench/corpus", format = jsonl, reviews = 2000, seed = 5 }
ingest { output = "$bench/tables/ingest", source { name = gen, format = jsonl, path = "$bench/corpus" } }
CONF
submit-scripts/polarity generate --master 'local[2]' --conf "$bench/job.conf" > "$bench/generate.log" 2>&1
submit-scripts/polarity ingest --master 'local[2]' --conf "$bench/job.conf" --run-id first \
  > "$bench/first.log" 2>&1

# one launch: label (with-archive or without), job; appends "label job seconds" to $results
launch() {
  local label="$1" job="$2" start end status=0
  local flags=(--run-id "$label")
  [ "$job" = metrics ] && flags=(sql "SELECT job, status, count(*) AS runs FROM runs GROUP BY job, status")
  local use="$archive"
  [ "$label" = without ] && use=none
  start=$(date +%s.%N)
  POLARITY_CLASS_ARCHIVE="$use" submit-scripts/polarity "$job" --master 'local[2]' \
    --conf "$bench/job.conf" "${flags[@]}" > "$bench/$label-$job.log" 2>&1 || status=$?
  end=$(date +%s.%N)
  [ "$status" = 0 ] || { echo "bench: $job failed, see $bench/$label-$job.log" >&2; exit 1; }
  echo "$label $job $(echo "$end - $start" | bc)" | tee -a "$results"
}

for round in $(seq 1 "$rounds"); do
  echo "round $round" >&2
  for job in metrics ingest; do
    launch with-archive "$job"
    launch without "$job"
  done
done

echo
echo "| $spark_line, $rounds rounds | with the class data archive, s | without, s |"
echo "|---|---|---|"
for job in metrics ingest; do
  row="| $([ "$job" = metrics ] && echo "\`metrics sql\` on the runs" || echo "ingest of 2,000 reviews")"
  for label in with-archive without; do
    row="$row | $(awk -v l="$label" -v j="$job" '$1 == l && $2 == j { print $3 }' "$results" | sort -n \
      | awk '{ v[NR] = $1 } END { printf "%.1f (%.1f-%.1f)", v[int((NR + 1) / 2)], v[1], v[NR] }')"
  done
  echo "$row |"
done
