#!/usr/bin/env bash
# fastText beside Polarity's trainer (see README, Performance): fastText 0.9.2 (Debian's package:
# apt-get install fasttext) trained on the same IMDB train split and tokens (bigrams, 2 threads,
# 5 epochs) at its default setting (-dim 100) and at its fast one (-dim 10 -lr 0.5), alternating,
# ROUNDS rounds; reviews/s and accuracy on the same movie-grouped validation split of each run,
# then each setting's median with its range.
# Usage: bench/fasttext.sh [ROUNDS]   (default 3)
# Needs: mvn -DskipTests package, fasttext on the PATH, ../shared/data/aclImdb_train*.tar.gz.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rounds="${1:-3}"
command -v fasttext > /dev/null || { echo "bench: fasttext not found (apt-get install fasttext)" >&2; exit 2; }
prepare_imdb_features
text="$work/fasttext"
if [ ! -d "$text/train" ]; then
  POLARITY_MAIN_CLASS=io.polarity.bench.FastTextExport submit-scripts/polarity --master 'local[2]' \
    "$imdb_ingest" "$text"
fi
train="$(ls "$text"/train/part-*.txt)"
valid="$(ls "$text"/validation/part-*.txt)"
reviews=$(wc -l < "$train")
results="$work/fasttext-results.txt"
: > "$results"
for round in $(seq 1 "$rounds"); do
  for setting in default fast; do
    options=()
    [ "$setting" = fast ] && options=(-dim 10 -lr 0.5)
    start=$(date +%s.%N)
    fasttext supervised -input "$train" -output "$text/model-$setting" -wordNgrams 2 -epoch 5 \
      -thread 2 -verbose 0 ${options[@]+"${options[@]}"}
    end=$(date +%s.%N)
    accuracy=$(fasttext test "$text/model-$setting.bin" "$valid" | awk '/^P@1/ {print $2}')
    awk -v l="$setting" -v s="$start" -v e="$end" -v n="$reviews" -v a="$accuracy" \
      'BEGIN { printf "%s %.2f %.0f %s\n", l, e - s, n * 5 / (e - s), a }' | tee -a "$results"
  done
done
echo
echo "| fastText 0.9.2 ($rounds rounds) | train s | reviews/s (x 5 epochs) | validation accuracy |"
echo "|---|---|---|---|"
for setting in default fast; do
  awk -v l="$setting" '$1 == l' "$results" | sort -k3 -n | awk '
    { secs[NR] = $2; rate[NR] = $3; acc[NR] = $4; label = $1 }
    END {
      m = int((NR + 1) / 2)
      printf "| %s | %s | %.0f (%.0f-%.0f) | %s |\n", label == "fast" ? "-dim 10 -lr 0.5" : "default (-dim 100)", secs[m], rate[m], rate[1], rate[NR], acc[m]
    }'
done
