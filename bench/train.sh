#!/usr/bin/env bash
# Training throughput (see README, Performance): the shipped IMDB configuration, single-JVM fit
# of the same minibatches against the Spark trainer with 1 and 2 workers, on local[2].
# Usage: bench/train.sh [EPOCHS [HOCON]]   (default 2 epochs; HOCON is laid over conf/imdb.conf,
#        e.g. 'train.spark { batch-size-per-worker = 64, averaging-frequency = 20 }')
# Needs: mvn -DskipTests package, and ../shared/data/aclImdb_train.tar.gz (or ACLIMDB_TAR).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
epochs="${1:-2}"
overrides="${2:-}"
prepare_imdb_features
export POLARITY_MAIN_CLASS=io.polarity.bench.TrainBenchmark
bench_conf="$work/train-bench.conf"
printf 'include file("%s")\ntrain.input = "%s"\n%s\n' "$root/conf/imdb.conf" "$work/imdb-features" \
  "$overrides" > "$bench_conf"
POLARITY_DRIVER_MEMORY=8g submit-scripts/polarity --master 'local[2]' \
  --conf spark.serializer=org.apache.spark.serializer.KryoSerializer \
  --conf spark.kryo.registrator=org.nd4j.kryo.Nd4jRegistrator \
  "$bench_conf" "$work" "$epochs"
