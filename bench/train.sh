#!/usr/bin/env bash
# Training throughput (see README, Performance): the shipped conf/imdb.conf network on the IMDB
# features (split by movie), the single-JVM fit of the same minibatches against the Spark trainer
# with 2 workers on local[2]; ROUNDS alternating rounds, then the median and range of each
# setting's last-epoch examples/s, fit seconds, worker computing seconds and validation accuracy.
# With BASELINE_APP_JAR, BASELINE_BENCH_JAR and BASELINE_CONF (the app and bench jars of an earlier
# build, e.g. a git worktree of the commit before a change, packaged, and that worktree's
# conf/imdb.conf), each round first runs that build's Spark trainer on the same features: before
# and after in one run (the baseline uses Polarity's Kryo registrator when its jar has it, else
# ND4J's). BASELINE_SPARK_LINE runs the baseline on the other Spark line's runtime: to compare the
# lines, build both (mvn -DskipTests package; mvn -Pspark-3.5 -DskipTests package) and give the
# 3.5 line's jars, this tree's conf/imdb.conf and BASELINE_SPARK_LINE=spark3.5.
# The table gives each setting's median examples/s with its range, and the
# fit, worker and accuracy figures of that median round.
# Usage: bench/train.sh [EPOCHS [ROUNDS [HOCON]]]   (defaults 3 and 3; HOCON is laid over
#        conf/imdb.conf, e.g. 'train.spark { batch-size-per-worker = 64 }')
# Needs: mvn -DskipTests package, and ../shared/data/aclImdb_train*.tar.gz (or ACLIMDB_TAR).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
epochs="${1:-3}"
rounds="${2:-3}"
overrides="${3:-}"
prepare_imdb_features
results="$work/train-results.txt"
: > "$results"

# one measurement: label, app jar, bench jar, conf, then the benchmark's mode arguments
measure() {
  local label="$1" app="$2" bench="$3" conf="$4"
  shift 4
  local bench_conf="$work/train-bench-$label.conf"
  printf 'include file("%s")\ntrain.input = "%s"\n%s\n' "$conf" "$imdb_features" "$overrides" \
    > "$bench_conf"
  POLARITY_APP_JAR="$app" POLARITY_EXTRA_JARS="$bench" POLARITY_DRIVER_MEMORY=8g \
    POLARITY_MAIN_CLASS=io.polarity.bench.TrainBenchmark submit-scripts/polarity \
    --master 'local[2]' \
    --conf spark.serializer=org.apache.spark.serializer.KryoSerializer \
    --conf spark.kryo.registrator="${KRYO_REGISTRATOR:-io.polarity.model.train.ArrayKryoRegistrator}" \
    "$bench_conf" "$work/train-$label" "$epochs" "$@" > "$work/train-$label.log" 2>&1 \
    || { echo "bench: $label failed, see $work/train-$label.log" >&2; exit 1; }
  grep -q '^RESULT' "$work/train-$label.log" \
    || { echo "bench: $label printed no result, see $work/train-$label.log" >&2; exit 1; }
  grep '^RESULT' "$work/train-$label.log" | sed "s/^RESULT [^ ]*/$label/" | tee -a "$results"
}

if [ -n "${BASELINE_APP_JAR:-}" ]; then
  [ -n "${BASELINE_BENCH_JAR:-}" ] && [ -f "${BASELINE_CONF:-}" ] || {
    echo "bench: BASELINE_APP_JAR needs BASELINE_BENCH_JAR and BASELINE_CONF (the baseline's own" \
      "conf/imdb.conf: an older build refuses the newer keys)" >&2
    exit 2
  }
  BASELINE_CONF="$(cd "$(dirname "$BASELINE_CONF")" && pwd)/$(basename "$BASELINE_CONF")"
  # a baseline with Polarity's own Kryo registrator runs with it, as the current build does; one
  # built before it existed (2026-11-25) with ND4J's
  baseline_registrator=org.nd4j.kryo.Nd4jRegistrator
  if jar tf "$BASELINE_APP_JAR" | grep -q '^io/polarity/model/train/ArrayKryoRegistrator.class$'; then
    baseline_registrator=io.polarity.model.train.ArrayKryoRegistrator
  fi
fi

app="$spark_line_app_jar"
for round in $(seq 1 "$rounds"); do
  echo "round $round" >&2
  if [ -n "${BASELINE_APP_JAR:-}" ]; then
    POLARITY_SPARK_LINE="${BASELINE_SPARK_LINE:-$spark_line}" \
      KRYO_REGISTRATOR="$baseline_registrator" measure before "$BASELINE_APP_JAR" \
      "$BASELINE_BENCH_JAR" "$BASELINE_CONF" spark 2 before
  fi
  measure single "$app" "$bench_jar" "$root/conf/imdb.conf" single
  measure spark-2 "$app" "$bench_jar" "$root/conf/imdb.conf" spark 2 spark-2
done

# RESULT lines: label examples/s fit-s worker-s seconds-to-0.90 accuracy
echo
echo "| trainer ($rounds rounds, epoch $epochs) | examples/s | fit (s) | worker computing (s) | validation accuracy (best) |"
echo "|---|---|---|---|---|"
for label in before single spark-2; do
  grep -q "^$label " "$results" || continue
  awk -v l="$label" '$1 == l' "$results" | sort -k2 -n | awk '
    { rate[NR] = $2; fit[NR] = $3; worker[NR] = $4; acc[NR] = $6; label = $1 }
    END {
      m = int((NR + 1) / 2)
      printf "| %s | %.0f (%.0f-%.0f) | %s | %s | %s |\n", label, rate[m], rate[1], rate[NR], fit[m], worker[m], acc[m]
    }'
done
