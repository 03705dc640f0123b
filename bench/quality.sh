#!/usr/bin/env bash
# Model quality (see README, The train job): the train job's validation accuracy on the
# movie-grouped IMDB split (the epoch it picks) for two settings laid over conf/imdb.conf, each
# preprocessed from the same ingest and trained with the same seeds, alternating A and B seed by
# seed; then each setting's accuracies, median and range. One run's accuracy on the 2,560
# validation reviews has a standard error of about 0.57 points: compare medians over seeds.
# Usage: bench/quality.sh 'HOCON A' 'HOCON B' [SEED...]   (default seeds 42 1 2), e.g. the
#        bigram vocabulary against the shipped one: bench/quality.sh 'preprocess.ngrams = 2' ''
# Needs: mvn -DskipTests package, and ../shared/data/aclImdb_train*.tar.gz (or ACLIMDB_TAR).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ $# -ge 2 ] || { echo "usage: bench/quality.sh 'HOCON A' 'HOCON B' [SEED...]" >&2; exit 2; }
declare -A setting=([A]="$1" [B]="$2")
shift 2
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(42 1 2)
prepare_imdb_features
results="$work/quality-results.txt"
: > "$results"

# the setting's conf: conf/imdb.conf, the bench's own outputs, then the setting itself
for label in A B; do
  dir="$work/quality-$label"
  rm -rf "$dir"
  mkdir -p "$dir"
  printf 'include file("%s")\nwarehouse.root = "%s"\ntrain.input = "%s"\ntrain.output = "%s"\n%s\n' \
    "$root/conf/imdb.conf" "$dir/warehouse" "$dir/features" "$dir/models" "${setting[$label]}" \
    > "$dir/setting.conf"
  submit-scripts/polarity preprocess --master 'local[2]' --conf "$dir/setting.conf" \
    --input "$imdb_ingest" --output "$dir/features" > "$dir/preprocess.log" 2>&1 \
    || { echo "bench: preprocess of $label failed, see $dir/preprocess.log" >&2; exit 1; }
done

for seed in "${seeds[@]}"; do
  for label in A B; do
    dir="$work/quality-$label"
    printf 'include file("%s")\ntrain.seed = %s\n' "$dir/setting.conf" "$seed" > "$dir/seed-$seed.conf"
    log="$dir/train-$seed.log"
    submit-scripts/polarity train --master 'local[2]' --conf "$dir/seed-$seed.conf" \
      --run-id "seed-$seed" > "$log" 2>&1 \
      || { echo "bench: training $label with seed $seed failed, see $log" >&2; exit 1; }
    accuracy=$(grep -o 'best epoch [0-9]* of [0-9]*, validation accuracy [0-9.]*' "$log" \
      | awk '{ printf "%.4f", $NF }')
    [ -n "$accuracy" ] || { echo "bench: no validation accuracy in $log" >&2; exit 1; }
    echo "$label $seed $accuracy" | tee -a "$results" >&2
  done
done

echo
echo "| setting | accuracy by seed (${seeds[*]}) | median (range) |"
echo "|---|---|---|"
for label in A B; do
  by_seed=$(awk -v l="$label" '$1 == l { printf "%s%s", (n++ ? " / " : ""), $3 }' "$results")
  spread=$(awk -v l="$label" '$1 == l { print $3 }' "$results" | sort -n \
    | awk '{ a[NR] = $1 } END { printf "%s (%s-%s)", a[int((NR + 1) / 2)], a[1], a[NR] }')
  echo "| $label: ${setting[$label]:-conf/imdb.conf as shipped} | $by_seed | $spread |"
done
