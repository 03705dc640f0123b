#!/usr/bin/env bash
# spark-runtime/class-archive.sh LINE: writes the class data archive of a Spark line's runtime,
# spark-runtime/target/spark-home-<LINE>/polarity-classes.jsa, which submit-scripts/polarity hands
# the driver's JVM (-XX:SharedArchiveFile): the classes of Spark, Hadoop and the rest of the
# runtime's jars, parsed and verified once here instead of at every start. `mvn package` runs it
# after assembling the runtime (spark-runtime/pom.xml).
#
# The archive is what one small ingest loads (Spark SQL, Parquet, the local filesystem, the task
# path; Polarity's own classes come from the application jar through Spark's class loader and are
# not archived, so a new app jar leaves it valid). It belongs to this JVM and these jars: it is
# rewritten when a jar is newer or the JVM differs, and a JVM that finds it stale goes without it.
# A failed archiving run fails the build: it is a job on the runtime just assembled.
set -euo pipefail
line="${1:?usage: class-archive.sh spark4|spark3.5}"
polarity_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runtime="$polarity_root/spark-runtime/target/spark-home-$line"
app_jar="$polarity_root/jobs/target/polarity-app-$line.jar"
archive="$runtime/polarity-classes.jsa"
jvm="$(java -XshowSettings:properties -version 2>&1 | grep -E '^ *java\.(home|vm\.version) =' | tr -d ' ')"

if [ ! -f "$app_jar" ]; then
  echo "class-archive: no $app_jar yet, no archive written (the launcher runs without one)"
  exit 0
fi
if [ -f "$archive" ] && [ "$(cat "$archive.jvm" 2> /dev/null)" = "$jvm" ] \
  && [ -z "$(find "$runtime/jars" -newer "$archive" -print -quit)" ]; then
  echo "class-archive: $archive is up to date"
  exit 0
fi

scratch="$(mktemp -d "${TMPDIR:-/tmp}/polarity-class-archive.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
rm -f "$archive" "$archive.jvm"
mkdir -p "$scratch/corpus"
for i in 1 2 3 4 5 6; do
  printf '{"reviewText": "a fine film, review %d", "overall": 5}\n{"reviewText": "a dull film, review %d", "overall": 1}\n' "$i" "$i"
done > "$scratch/corpus/reviews.jsonl"
cat > "$scratch/job.conf" << CONF
warehouse.root = "$scratch/warehouse"
ingest { output = "$scratch/tables/ingest", source { name = archive, format = jsonl, path = "$scratch/corpus" } }
CONF
start=$(date +%s)
if ! (cd "$scratch" && POLARITY_SPARK_LINE="$line" POLARITY_CLASS_ARCHIVE_DUMP="$scratch/classes.jsa" \
  POLARITY_DRIVER_MEMORY=1g "$polarity_root/submit-scripts/polarity" ingest --master 'local[1]' \
  --conf "$scratch/job.conf" > "$scratch/ingest.log" 2>&1) || [ ! -s "$scratch/classes.jsa" ]; then
  # the archiving run is an ingest on the runtime just assembled: its failure is the build's
  echo "class-archive: the archiving run (an ingest on this runtime) failed, no archive written:" >&2
  tail -5 "$scratch/ingest.log" >&2
  exit 1
fi
# copied beside the jars, then renamed: a launch never maps a half-copied archive
mv "$scratch/classes.jsa" "$archive.partial"
mv "$archive.partial" "$archive"
printf '%s\n' "$jvm" > "$archive.jvm"
echo "class-archive: wrote $archive ($(du -m "$archive" | cut -f1) MB) in $(($(date +%s) - start)) s"
