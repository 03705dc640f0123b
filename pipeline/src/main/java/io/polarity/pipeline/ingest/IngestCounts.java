package io.polarity.pipeline.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.polarity.pipeline.io.Tables;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The counts of an ingest run, each taken independently where its records are: {@code read} over
 * the validated records (one per record read, one per unreadable file), {@code duplicates} where
 * they are dropped (while the reviews are written), {@code conflicting_labels} over the copies of
 * conflicting texts, {@code accepted} (per split and label) from the review table as written and
 * {@code quarantined} (per reason) from the quarantine table as written. None is derived from the
 * others, so {@link #requireBalanced} fails when a record is lost or written twice between reading
 * and writing.
 */
final class IngestCounts {
  private final SparkSession spark;
  private final Map<String, Long> read = new HashMap<>();
  private final Map<String, Long> filesWithRecords = new HashMap<>();
  private final Map<String, Long> unreadableFiles = new HashMap<>();
  private final Map<String, Long> duplicates = new HashMap<>();
  private final Map<String, Long> conflicting = new HashMap<>();
  private final Map<String, Long> grouped = new HashMap<>();
  private final Map<String, Long> ungrouped = new HashMap<>();

  IngestCounts(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Records read per source, the files that gave at least one record or could not be read, and the
   * candidates split by their group key or without one.
   */
  void countRead(Dataset<ValidatedRecord> records) {
    String unreadable = QuarantineReason.UNREADABLE_FILE.code();
    for (Row r :
        records
            .groupBy(col("source"), col("reason").eqNullSafe(unreadable))
            .agg(
                count(lit(1)),
                countDistinct(col("sourceFile")),
                count(when(col("grouped").equalTo(true), 1)),
                count(when(col("grouped").equalTo(false), 1)))
            .collectAsList()) {
      String source = r.getString(0);
      read.merge(source, r.getLong(2), Long::sum);
      (r.getBoolean(1) ? unreadableFiles : filesWithRecords).merge(source, r.getLong(3), Long::sum);
      grouped.merge(source, r.getLong(4), Long::sum);
      ungrouped.merge(source, r.getLong(5), Long::sum);
    }
  }

  /** Candidates of one source split by their group key (known once {@link #countRead} ran). */
  long grouped(String source) {
    return grouped.getOrDefault(source, 0L);
  }

  /** Candidates of one source that needed a group key and had none. */
  long ungrouped(String source) {
    return ungrouped.getOrDefault(source, 0L);
  }

  /** Unreadable files of one source (known once {@link #countRead} ran). */
  long unreadableFiles(String source) {
    return unreadableFiles.getOrDefault(source, 0L);
  }

  /** Records whose text has copies with other labels ({@code copies}), per source. */
  void countConflicting(Dataset<ValidatedRecord> copies) {
    for (Row r : copies.groupBy("source").count().collectAsList()) {
      conflicting.put(r.getString(0), r.getLong(1));
    }
  }

  /** Duplicates dropped per source, as counted while the reviews were written. */
  void countDuplicates(Map<String, Long> dropped) {
    duplicates.putAll(dropped);
  }

  /** All counts per source, with accepted and quarantined read from the tables as written. */
  Map<String, SourceCounts> bySource(
      List<SourceConfig> sources,
      Map<String, Integer> listedFiles,
      String reviewsPath,
      String quarantinePath) {
    Map<String, Map<String, Long>> splits = new HashMap<>();
    Map<String, Map<String, Long>> labels = new HashMap<>();
    for (Row row :
        Tables.readTable(spark, reviewsPath, Review.ENCODER)
            .groupBy("source", "split", "label")
            .count()
            .collectAsList()) {
      String label = row.isNullAt(2) ? SourceCounts.NO_LABEL : row.getString(2);
      splits
          .computeIfAbsent(row.getString(0), k -> new HashMap<>())
          .merge(row.getString(1), row.getLong(3), Long::sum);
      labels
          .computeIfAbsent(row.getString(0), k -> new HashMap<>())
          .merge(label, row.getLong(3), Long::sum);
    }
    Map<String, Map<String, Long>> reasons = new HashMap<>();
    for (Row row :
        Tables.readTable(spark, quarantinePath, QuarantineRecord.ENCODER)
            .groupBy("source", "reason")
            .count()
            .collectAsList()) {
      reasons
          .computeIfAbsent(row.getString(0), k -> new HashMap<>())
          .put(row.getString(1), row.getLong(2));
    }
    Map<String, SourceCounts> result = new LinkedHashMap<>();
    for (SourceConfig source : sources) {
      String name = source.name();
      Map<String, Long> bySplit = splits.getOrDefault(name, Map.of());
      Map<String, Long> byReason = reasons.getOrDefault(name, Map.of());
      long files = listedFiles.getOrDefault(name, 0);
      result.put(
          name,
          new SourceCounts(
              read.getOrDefault(name, 0L),
              sum(bySplit),
              sum(byReason),
              duplicates.getOrDefault(name, 0L),
              conflicting.getOrDefault(name, 0L),
              files,
              files - unreadableFiles(name) - filesWithRecords.getOrDefault(name, 0L),
              grouped(name),
              ungrouped(name),
              bySplit,
              labels.getOrDefault(name, Map.of()),
              byReason));
    }
    return result;
  }

  /** Fails, naming the numbers, unless every source's counts add up. */
  static void requireBalanced(Map<String, SourceCounts> bySource) {
    bySource.forEach(
        (source, c) -> {
          if (!c.balanced()) {
            throw new IllegalStateException(
                "ingest counts of source '"
                    + source
                    + "' do not add up: read "
                    + c.read()
                    + ", but accepted "
                    + c.accepted()
                    + " + quarantined "
                    + c.quarantined()
                    + " + duplicates "
                    + c.duplicates()
                    + " = "
                    + (c.accepted() + c.quarantined() + c.duplicates())
                    + "; the output was not committed");
          }
        });
  }

  private static long sum(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}
