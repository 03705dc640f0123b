#!/usr/bin/env bash
# Chinese reviews (README, Reviews in Chinese, Japanese and Thai): online_shopping_9_cats
# (52,774 reviews) through Polarity's four jobs with conf/online-shopping.conf on local[2]
# (ingest, preprocess, train and evaluate as four launches, each timed from the command's start
# to its end), the same with the tokens of before 2026-12-07 (a run of letters one token:
# preprocess.normalise.unspaced-scripts = runs), and fastText 0.9.2 (Debian's package) on the
# shipped run's train split, on each Han character as a token (Latin words and numbers whole) and
# on Polarity's dictionary words, at -wordNgrams 2 -epoch 10 -thread 2 -dim 10 -lr 0.5 (its fast
# setting, bench/fasttext.sh). All scored on the test split. ROUNDS
# alternating rounds, then medians with ranges. HOCON is laid over conf/online-shopping.conf in
# every Polarity run.
# UNSPACED_MODES (default: runs) names the other values of preprocess.normalise.unspaced-scripts run
# beside the shipped one in each round, e.g. "runs characters words-and-characters"; the mode
# "before" is the pipeline as it shipped before 2026-12-07: runs, its launches without the class
# data archive (POLARITY_CLASS_ARCHIVE=none). FASTTEXT=0 leaves fastText out.
# Usage: bench/chinese.sh [ROUNDS [HOCON]]   (default 3)
# Needs: mvn -DskipTests package, fasttext on the PATH, ../shared/data/online_shopping_9_cats.csv.gz
#        (or SHOPPING_CSV).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rounds="${1:-3}"
overrides="${2:-}"
modes="${UNSPACED_MODES:-runs}"
csv="${SHOPPING_CSV:-$root/../shared/data/online_shopping_9_cats.csv.gz}"
[ -f "$csv" ] || { echo "bench: $csv not found (set SHOPPING_CSV)" >&2; exit 2; }
command -v fasttext > /dev/null || { echo "bench: fasttext not found (apt-get install fasttext)" >&2; exit 2; }
[ -f "$bench_jar" ] || { echo "bench: $bench_jar missing (run: $spark_line_build)" >&2; exit 2; }
bench="$work/chinese"
results="$bench/results.txt"
mkdir -p "$bench"
: > "$results"

# one Polarity run of the four jobs: label, HOCON for it, and the class data archive (default: the
# runtime's; none: without); appends
# "label total-s accuracy ingest-s preprocess-s train-s evaluate-s vocabulary-ids" to $results
polarity_run() {
  local label="$1" hocon="$2" archive="${3:-}" dir="$bench/$1" start end secs=() name
  rm -rf "$dir"
  mkdir -p "$dir"
  printf 'include file("%s")\n%s\n%s\n' "$root/conf/online-shopping.conf" "$overrides" "$hocon" \
    > "$dir/job.conf"
  cat >> "$dir/job.conf" <<CONF
ingest.output = "$dir/tables/ingest"
preprocess { input = "$dir/tables/ingest", output = "$dir/tables/features" }
train { input = "$dir/tables/features", output = "$dir/models" }
evaluate { input = "$dir/tables/features", output = "$dir/evaluations", model-run-id = train }
warehouse.root = "$dir/warehouse"
CONF
  for name in ingest preprocess train evaluate; do
    local flags=(--run-id "$name")
    [ "$name" = ingest ] && flags+=(--input "$csv")
    start=$(date +%s.%N)
    POLARITY_CLASS_ARCHIVE="$archive" submit-scripts/polarity "$name" --master 'local[2]' \
      --conf "$dir/job.conf" "${flags[@]}" > "$dir/$name.out" 2> "$dir/$name.err" \
      || { echo "bench: $label $name failed, see $dir/$name.err" >&2; exit 1; }
    end=$(date +%s.%N)
    secs+=("$(echo "$end - $start" | bc)")
  done
  local accuracy ids
  accuracy=$(grep -oP '^accuracy \K[0-9.]+' "$dir/evaluate.out")
  ids=$(grep -ohP 'vocabulary \S+ \(\K[0-9]+(?= ids\))' "$dir/preprocess.out" "$dir/preprocess.err" | head -1)
  echo "$label $(echo "${secs[0]} + ${secs[1]} + ${secs[2]} + ${secs[3]}" | bc) $accuracy ${secs[*]} ${ids:--}" \
    | tee -a "$results"
}

for round in $(seq 1 "$rounds"); do
  echo "round $round" >&2
  for mode in $modes; do
    if [ "$mode" = before ]; then
      polarity_run polarity-before "preprocess.normalise.unspaced-scripts = runs" none
    else
      polarity_run "polarity-$mode" "preprocess.normalise.unspaced-scripts = $mode"
    fi
  done
  polarity_run polarity ""
  [ "${FASTTEXT:-1}" = 1 ] || continue

  # fastText on the shipped run's reviews (the split its ingest made), on each Han character as a
  # token (Latin words and numbers whole) and on the dictionary words Polarity uses
  for tokens in characters words; do
    ft="$bench/fasttext-$tokens"
    rm -rf "$ft"
    POLARITY_EXTRA_JARS="$bench_jar" POLARITY_MAIN_CLASS=io.polarity.bench.FastTextExport \
      submit-scripts/polarity --master 'local[2]' "$bench/polarity/tables/ingest" "$ft" train,test \
      "$tokens" > "$ft.log" 2>&1 || { echo "bench: export failed, see $ft.log" >&2; exit 1; }
    start=$(date +%s.%N)
    fasttext supervised -input "$(ls "$ft"/train/part-*.txt)" -output "$ft/model" \
      -wordNgrams 2 -epoch 10 -thread 2 -dim 10 -lr 0.5 -verbose 0
    end=$(date +%s.%N)
    accuracy=$(fasttext test "$ft/model.bin" "$(ls "$ft"/test/part-*.txt)" | awk '/^P@1/ {print $2}')
    echo "fasttext-$tokens $(echo "$end - $start" | bc) $accuracy" | tee -a "$results"
  done
done

echo
echo "| online_shopping_9_cats, $rounds rounds | seconds (fastText: fit) | test accuracy | ingest / preprocess / train / evaluate s (median round) | vocabulary ids |"
echo "|---|---|---|---|---|"
labels="$(printf 'polarity-%s ' $modes) polarity"
[ "${FASTTEXT:-1}" = 1 ] && labels="$labels fasttext-characters fasttext-words"
for label in $labels; do
  accuracy=$(awk -v l="$label" '$1 == l { print $3 }' "$results" | sort -n \
    | awk '{ v[NR] = $1 } END { printf "%s (%s-%s)", v[int((NR + 1) / 2)], v[1], v[NR] }')
  awk -v l="$label" '$1 == l' "$results" | sort -k2 -n | awk -v acc="$accuracy" '
    { secs[NR] = $2; line[NR] = $0 }
    END {
      m = int((NR + 1) / 2)
      split(line[m], f, " ")
      stages = (f[1] ~ /^fasttext/) ? "-" : sprintf("%.1f / %.1f / %.1f / %.1f", f[4], f[5], f[6], f[7])
      printf "| %s | %.1f (%.1f-%.1f) | %s | %s | %s |\n", f[1], secs[m], secs[1], secs[NR], acc, stages, (f[1] ~ /^fasttext/) ? "-" : f[8]
    }'
done
