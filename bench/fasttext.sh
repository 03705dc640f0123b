#!/usr/bin/env bash
# fastText beside Polarity's trainer (see README, Performance): fastText 0.9.2 (Debian's package:
# apt-get install fasttext) trained on the same IMDB train split and tokens (bigrams, 2 threads,
# 5 epochs), reviews/s over ROUNDS runs, and its accuracy on the same movie-grouped validation split.
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
echo "| round | fastText train s | reviews/s (x 5 epochs) | validation accuracy |"
echo "|---|---|---|---|"
for round in $(seq 1 "$rounds"); do
  start=$(date +%s.%N)
  fasttext supervised -input "$train" -output "$text/model" -wordNgrams 2 -epoch 5 -thread 2 \
    -verbose 0
  end=$(date +%s.%N)
  accuracy=$(fasttext test "$text/model.bin" "$valid" | awk '/^P@1/ {print $2}')
  awk -v r="$round" -v s="$start" -v e="$end" -v n="$reviews" -v a="$accuracy" \
    'BEGIN { printf "| %d | %.2f | %.0f | %s |\n", r, e - s, n * 5 / (e - s), a }'
done
