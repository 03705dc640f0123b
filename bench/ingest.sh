#!/usr/bin/env bash
# Ingest benchmarks on local[2] (see README, Performance):
#  1. ingest of the aclImdb training corpus (75,000 files) against a bare Spark read of the same
#     files, median of ROUNDS alternating rounds;
#  2. ingest of generated JSON Lines corpora of SIZES reviews (COMPRESSION none, gzip or bzip2),
#     ROUNDS times each: median, range and reviews/s.
# Usage: bench/ingest.sh [ROUNDS] [SIZES] [COMPRESSION]   (defaults: 3, 1000000,4000000, none)
# Needs: mvn -DskipTests package, and ../shared/data/aclImdb_train.tar.gz (or ACLIMDB_TAR).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rounds="${1:-3}"
sizes="${2:-1000000,4000000}"
compression="${3:-none}"
prepare_imdb
export POLARITY_MAIN_CLASS=io.polarity.bench.IngestBenchmark
export POLARITY_DRIVER_MEMORY="${POLARITY_DRIVER_MEMORY:-8g}"
echo "== aclImdb: ingest against a bare wholetext read (local[2], $rounds rounds) =="
submit-scripts/polarity --master 'local[2]' aclimdb "$work/aclImdb" "$work" "$rounds"
echo
echo "== generated JSON Lines ($compression): ingest throughput (local[2], $rounds rounds) =="
submit-scripts/polarity --master 'local[2]' jsonl-scale "$work" "$sizes" "$rounds" "$compression"
