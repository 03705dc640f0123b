package io.polarity.pipeline.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Resolves the copies of one text (same {@link ReviewIds#duplicateKey}) among the candidate
 * reviews. One copy is kept: a copy in the test split first (so a source's own test set stays
 * whole), then a labelled copy before an unlabelled one, then a validation copy before a train one,
 * then the smallest review id (then label, file and source id, for exact copies that share an id),
 * so the choice does not depend on file order; the others are duplicates, counted where they are
 * dropped. A text whose labelled copies disagree is conflicting: with {@code
 * ingest.duplicates.conflicting-labels = quarantine} every copy of it goes to quarantine instead.
 *
 * <p>The conflicting texts are found by aggregating keys and labels only, and reach the driver as a
 * map from duplicate key to detail (they are few: none in the IMDB corpus), which is broadcast to
 * the filters; the texts themselves are shuffled once, by the window that picks the kept copy,
 * inside the job that writes them.
 */
final class Deduplicator {
  private final SparkSession spark;
  private final boolean quarantineConflicts;
  private final Broadcast<Map<String, String>> conflicts;

  /** Finds the conflicting texts among {@code candidates} (one Spark job). */
  Deduplicator(
      SparkSession spark,
      IngestConfig.ConflictingLabels policy,
      Dataset<ValidatedRecord> candidates) {
    this.spark = spark;
    this.quarantineConflicts = policy == IngestConfig.ConflictingLabels.QUARANTINE;
    Map<String, String> found = new HashMap<>();
    for (Row r :
        candidates
            .filter(col("label").isNotNull())
            .groupBy("duplicateKey")
            .agg(min("label"), max("label"))
            .filter(col("min(label)").notEqual(col("max(label)")))
            .collectAsList()) {
      found.put(
          r.getString(0),
          "copies of this text are labelled both '"
              + r.getString(1)
              + "' and '"
              + r.getString(2)
              + "'");
    }
    this.conflicts = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(found);
  }

  /** How many texts have conflicting labels. */
  int conflictingTexts() {
    return conflicts.value().size();
  }

  /** Every copy (labelled or not) of a conflicting text, with its reason and detail. */
  Dataset<ValidatedRecord> conflicting(Dataset<ValidatedRecord> candidates) {
    if (conflicts.value().isEmpty()) {
      return spark.emptyDataset(ValidatedRecord.ENCODER);
    }
    Broadcast<Map<String, String>> details = conflicts;
    return candidates
        .filter(
            (FilterFunction<ValidatedRecord>) r -> details.value().containsKey(r.getDuplicateKey()))
        .map(
            (MapFunction<ValidatedRecord, ValidatedRecord>)
                r -> {
                  r.setReason(QuarantineReason.CONFLICTING_LABELS.code());
                  r.setDetail(details.value().get(r.getDuplicateKey()));
                  return r;
                },
            ValidatedRecord.ENCODER);
  }

  /** The copies that go to quarantine for their conflicting labels (none with keep-one). */
  Dataset<ValidatedRecord> quarantined(Dataset<ValidatedRecord> candidates) {
    return quarantineConflicts
        ? conflicting(candidates)
        : spark.emptyDataset(ValidatedRecord.ENCODER);
  }

  /**
   * The kept copy of every text among the candidates (without the conflicting texts when they are
   * quarantined); each copy dropped is added to {@code duplicates} under its source, as the rows
   * are consumed.
   */
  Dataset<ValidatedRecord> kept(Dataset<ValidatedRecord> candidates, CountsBySource duplicates) {
    Dataset<ValidatedRecord> pool = candidates;
    if (quarantineConflicts && !conflicts.value().isEmpty()) {
      Broadcast<Map<String, String>> excluded = conflicts;
      pool =
          candidates.filter(
              (FilterFunction<ValidatedRecord>)
                  r -> !excluded.value().containsKey(r.getDuplicateKey()));
    }
    return pool.toDF()
        .withColumn(
            "_rank",
            row_number()
                .over(
                    Window.partitionBy("duplicateKey")
                        .orderBy(
                            col("split").equalTo(SplitAssigner.TEST).desc(),
                            col("label").isNull().asc(),
                            col("split").equalTo(SplitAssigner.VALIDATION).desc(),
                            col("reviewId").asc(),
                            // exact copies without an id share a review id: still one choice
                            col("label").asc(),
                            col("sourceFile").asc(),
                            col("sourceId").asc())))
        .filter(
            (FilterFunction<Row>)
                r -> {
                  if (r.<Integer>getAs("_rank") == 1) {
                    return true;
                  }
                  duplicates.add(r.getAs("source"));
                  return false;
                })
        .drop("_rank")
        .as(ValidatedRecord.ENCODER);
  }

  /** Releases the broadcast map. */
  void close() {
    conflicts.destroy();
  }
}
