# Shared by the bench/*.sh scripts (sourced): paths, the unpacked IMDB corpus, the bench jar.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$root/work/bench"
# the Spark line the benchmarks run on (POLARITY_SPARK_LINE, else the one built): its app jar,
# bench jar and runtime; the launcher makes the same choice
polarity_root="$root"
source "$root/submit-scripts/lib/spark-line.sh"
export POLARITY_SPARK_LINE="$spark_line"
bench_jar="$root/bench/target/polarity-bench-$spark_line.jar"
# conf/imdb.conf's ingest and preprocess outputs (the names say the split, by movie since
# 2026-11-26, and the n-grams, up to trigrams since then too)
imdb_ingest="$work/imdb-ingest-by-movie"
imdb_features="$work/imdb-features-by-movie-3grams"
mkdir -p "$work"

# Unpacks the IMDB training half into $work/aclImdb once (ACLIMDB_TAR overrides the tarball).
prepare_imdb() {
  local tarball="${ACLIMDB_TAR:-$root/../shared/data/aclImdb_train.tar.gz}"
  if [ ! -d "$work/aclImdb/train" ]; then
    [ -f "$tarball" ] || { echo "bench: $tarball not found (set ACLIMDB_TAR)" >&2; exit 2; }
    tar xzf "$tarball" -C "$work"
  fi
  # the movie of each review (conf/imdb.conf validates by movie); URLS_TAR overrides the tarball
  local urls="${URLS_TAR:-$root/../shared/data/aclImdb_train_urls.tar.gz}"
  if [ ! -f "$work/aclImdb/train/urls_pos.txt" ]; then
    [ -f "$urls" ] || { echo "bench: $urls not found (set URLS_TAR)" >&2; exit 2; }
    tar xzf "$urls" -C "$work"
  fi
  [ -f "$bench_jar" ] || { echo "bench: $bench_jar missing (run: $spark_line_build)" >&2; exit 2; }
  export POLARITY_EXTRA_JARS="$bench_jar"
}

# prepare_imdb, then the IMDB ingest and preprocess outputs under $work (once).
prepare_imdb_features() {
  prepare_imdb
  if [ ! -d "$imdb_ingest/reviews" ]; then
    submit-scripts/polarity ingest --master 'local[2]' --conf conf/imdb.conf \
      --input "$work/aclImdb" --output "$imdb_ingest"
  fi
  if [ ! -d "$imdb_features/features" ]; then
    submit-scripts/polarity preprocess --master 'local[2]' --conf conf/imdb.conf \
      --input "$imdb_ingest" --output "$imdb_features"
  fi
}
