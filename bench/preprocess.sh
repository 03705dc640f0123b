#!/usr/bin/env bash
# Preprocess benchmarks (see README, Performance):
#  1. preprocess of the ingested aclImdb training corpus (75,000 files, uni+bigrams, full output)
#     against MLlib's RegexTokenizer -> NGram -> CountVectorizer fit, on local[2], ROUNDS rounds;
#  2. preprocess of generated corpora of SIZES reviews on local-cluster[2,1,6144] (executors in
#     their own JVMs), reporting reviews/s and the driver's peak heap.
# Usage: bench/preprocess.sh [ROUNDS] [SIZES]   (defaults: 3 and 1000000,4000000)
# Needs: mvn -DskipTests package, and ../shared/data/aclImdb_train.tar.gz (or ACLIMDB_TAR).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rounds="${1:-3}"
sizes="${2:-1000000,4000000}"
prepare_imdb
if [ ! -d "$imdb_ingest/reviews" ]; then
  submit-scripts/polarity ingest --master 'local[2]' --conf conf/imdb.conf \
    --input "$work/aclImdb" --output "$imdb_ingest"
fi
export POLARITY_MAIN_CLASS=io.polarity.bench.PreprocessBenchmark
echo "== IMDB: preprocess against MLlib's tokenizer, n-grams and CountVectorizer (local[2]) =="
POLARITY_DRIVER_MEMORY=8g submit-scripts/polarity --master 'local[2]' \
  mllib "$imdb_ingest" "$work" "$rounds"
echo
echo "== generated corpora: preprocess throughput and driver memory (local-cluster[2,1,6144]) =="
POLARITY_DRIVER_MEMORY=2g submit-scripts/polarity --master 'local-cluster[2,1,6144]' \
  scale "$work" "$sizes"
