#!/usr/bin/env bash
# The nightly batch on the IMDB training half (see README, The nightly batch): per round, a first
# run on 90% of the corpus (fresh tables, models and warehouse), an unchanged rerun, and a rerun
# after the other 10% of the reviews arrive, each with every stage's seconds; then the same data
# through Spark MLlib (TF-IDF of uni+bigrams, logistic regression) for time and accuracy, reading
# the reviews the first run ingested (so after it). All on local[2] with conf/nightly.conf.
# SPARK_LINES="spark4 spark3.5" runs every round on each line in turn (each on tables, models and
# a warehouse of its own) and gives each line's medians: the lines compared in one run.
# Usage: bench/nightly.sh [ROUNDS]   (default 3)
# Needs: mvn -DskipTests package (and mvn -Pspark-3.5 -DskipTests package for that line), and
#        ../shared/data/aclImdb_train.tar.gz (or ACLIMDB_TAR).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rounds="${1:-3}"
lines="${SPARK_LINES:-$spark_line}"
prepare_imdb
for line in $lines; do
  [ -f "$root/jobs/target/polarity-app-$line.jar" ] && [ -f "$root/bench/target/polarity-bench-$line.jar" ] \
    || { echo "bench: the $line line is not built (jobs/target/polarity-app-$line.jar, bench/target/polarity-bench-$line.jar)" >&2; exit 2; }
done
results="$work/nightly-results.tsv"
: > "$results"

# a fresh corpus of hard links: 90% now, every tenth review (by name) held back for later
fresh_corpus() {
  rm -rf "$bench/corpus" "$bench/later"
  cp -al "$work/aclImdb" "$bench/corpus"
  (cd "$bench/corpus" && find train -name '*.txt' | sort | awk 'NR % 10 == 0') > "$bench/later.txt"
  while read -r f; do
    mkdir -p "$bench/later/$(dirname "$f")"
    mv "$bench/corpus/$f" "$bench/later/$f"
  done < "$bench/later.txt"
}

# the line's bench folder, conf and jars: bench, nightly_conf, POLARITY_SPARK_LINE, POLARITY_EXTRA_JARS
use_line() {
  export POLARITY_SPARK_LINE="$1" POLARITY_EXTRA_JARS="$root/bench/target/polarity-bench-$1.jar"
  bench="$work/nightly-$1"
  mkdir -p "$bench"
  nightly_conf="$bench/nightly.conf"
  cat > "$nightly_conf" <<CONF
include file("$root/conf/nightly.conf")
ingest { output = "$bench/tables/ingest", source.path = "$bench/corpus" }
preprocess.output = "$bench/tables/features"
train.output = "$bench/models"
evaluate.output = "$bench/evaluations"
score.output = "$bench/tables/scores"
warehouse.root = "$bench/warehouse"
CONF
}

nightly_run() { # label run-id
  local start end line
  start=$(date +%s.%N)
  submit-scripts/polarity nightly --master 'local[2]' --conf "$nightly_conf" --run-id "$2" \
    > "$bench/$2.out" 2>> "$bench/$2.err" || { echo "nightly $2 exited $?; see $bench/$2.out" >&2; }
  end=$(date +%s.%N)
  line="$(grep "^nightly $2:" "$bench/$2.out" || echo "nightly $2: no summary")"
  printf '%s\t%s\t%.1f\t%s\n' "$POLARITY_SPARK_LINE" "$1" "$(echo "$end - $start" | bc)" "$line" >> "$results"
  echo "$POLARITY_SPARK_LINE $1: $(echo "$end - $start" | bc) s wall; $line"
}

mllib_run() {
  local line
  line="$(POLARITY_MAIN_CLASS=io.polarity.bench.NightlyBenchmark POLARITY_DRIVER_MEMORY=8g \
    submit-scripts/polarity --master 'local[2]' "$bench/tables/ingest" 2> "$bench/mllib.err" \
    | grep '^mllib ')"
  printf '%s\tmllib\t%s\n' "$POLARITY_SPARK_LINE" "$line" >> "$results"
  echo "$POLARITY_SPARK_LINE MLlib TF-IDF + LR on the same reviews: $line (seconds, validation accuracy, test accuracy)"
}

accuracies() { # run-id: the new model's validation accuracy (train) and held-out accuracy (evaluate)
  local val held
  val="$(grep -oP '^train .*validation accuracy \K[0-9.]+' "$bench/$1.out" || echo '-')"
  held="$(grep -oP '^evaluate .* on the \w+ split: \d+ reviews, accuracy \K[0-9.]+' "$bench/$1.out" || echo '-')"
  printf '%s\taccuracy\t%s\t%s\t%s\n' "$POLARITY_SPARK_LINE" "$1" "$val" "$held" >> "$results"
  echo "$1: new model's best-epoch validation accuracy $val; on the evaluation split $held"
}

for round in $(seq 1 "$rounds"); do
  for line in $lines; do
    echo "== round $round, $line =="
    use_line "$line"
    rm -rf "$bench/tables" "$bench/models" "$bench/evaluations" "$bench/warehouse"
    fresh_corpus
    # MLlib reads the reviews the first nightly run ingests, so it runs after it in every round
    nightly_run "first" "r$round-first"
    accuracies "r$round-first"
    mllib_run
    nightly_run "unchanged" "r$round-unchanged"
    cp -al "$bench/later/." "$bench/corpus/"
    nightly_run "plus-10%" "r$round-grown"
    accuracies "r$round-grown"
  done
done

# the median and range of column 3 (seconds) of the results rows of line $1 and kind $2
median_of() {
  awk -F'\t' -v l="$1" -v k="$2" '$1 == l && $2 == k { if (k == "mllib") { split($3, f, " "); print f[2] } else print $3 }' \
    "$results" | sort -n \
    | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
        printf "%.1f s (%.1f-%.1f)", m, v[1], v[NR] }'
}

echo
echo "== medians over $rounds rounds (wall seconds, range) =="
printf '| run |'; for line in $lines; do printf ' %s |' "$line"; done; echo
printf '|---|'; for line in $lines; do printf '%s' '---|'; done; echo
for kind in first unchanged plus-10% mllib; do
  label="nightly, $kind"
  [ "$kind" = mllib ] && label="MLlib TF-IDF + LR (fit and score only)"
  printf '| %s |' "$label"
  for line in $lines; do printf ' %s |' "$(median_of "$line" "$kind")"; done
  echo
done
echo "per-stage seconds: grep nightly $results"
