package io.polarity.pipeline.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import io.polarity.pipeline.io.Iterators;
import io.polarity.pipeline.io.StagedOutput;
import io.polarity.pipeline.io.Steps;
import io.polarity.pipeline.io.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest stage: raw corpora in, the canonical review table, the quarantine table and a
 * data-quality summary out, under one output directory committed all-or-nothing.
 *
 * <p>Each source is read once; validated records are cached (memory, spilling to disk) because both
 * the review table and the quarantine table are written from them. Exact duplicates (same {@link
 * ReviewIds#duplicateKey}) are kept once: a labelled copy wins over an unlabelled one, then the
 * smallest review id, so the choice does not depend on file order.
 */
public final class IngestStage {
  private static final Logger LOG = LoggerFactory.getLogger(IngestStage.class);
  static final String JOB = "ingest";
  private static final long BYTES_PER_PARTITION = 128L << 20;

  private final SparkSession spark;
  private final IngestConfig config;

  public IngestStage(SparkSession spark, IngestConfig config) {
    this.spark = spark;
    this.config = config;
  }

  public IngestResult run() {
    requireInputsExist();
    String runId = config.runId();
    LOG.info(
        "Ingest {} starting: {} source(s) -> {}", runId, config.sources().size(), config.output());
    spark.sparkContext().setJobGroup(JOB + "-" + runId, "ingest " + runId, false);
    StagedOutput out =
        new StagedOutput(spark.sparkContext().hadoopConfiguration(), config.output(), runId);
    Steps steps = new Steps(spark, LOG);
    Dataset<ValidatedRecord> records = validatedRecords().persist(StorageLevel.MEMORY_AND_DISK());
    try {
      steps.next("ingest: read, validate and write quarantine");
      Tables.toTable(
              records
                  .filter((FilterFunction<ValidatedRecord>) r -> r.getReason() != null)
                  .map(
                      (MapFunction<ValidatedRecord, QuarantineRecord>) r -> r.toQuarantine(runId),
                      QuarantineRecord.ENCODER))
          .write()
          .mode(SaveMode.ErrorIfExists)
          .parquet(out.path(IngestResult.QUARANTINE));

      steps.next("ingest: remove duplicates and write reviews");
      Tables.toTable(deduplicate(records, runId))
          .write()
          .mode(SaveMode.ErrorIfExists)
          .partitionBy("split")
          .parquet(out.path(IngestResult.REVIEWS));

      steps.next("ingest: count");
      IngestResult result =
          new IngestResult(
              runId, config.output(), countBySource(records, out.path(IngestResult.REVIEWS)));
      Tables.toTable(spark.createDataset(summaryRows(result), DataQualityRow.ENCODER))
          .coalesce(1)
          .write()
          .parquet(out.path(IngestResult.DATA_QUALITY));
      out.commit();
      steps.finish();
      LOG.info(
          "Ingest {} done: read {}, accepted {}, quarantined {}, duplicates {}",
          runId,
          result.total(SourceCounts::read),
          result.total(SourceCounts::accepted),
          result.total(SourceCounts::quarantined),
          result.total(SourceCounts::duplicates));
      return result;
    } catch (RuntimeException e) {
      out.abort();
      throw e;
    } finally {
      records.unpersist();
      spark.sparkContext().clearJobGroup();
    }
  }

  private void requireInputsExist() {
    for (SourceConfig source : config.sources()) {
      Path path = new Path(source.path());
      try {
        FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
        FileStatus[] matches = fs.globStatus(path);
        if (matches == null || matches.length == 0) {
          throw new IllegalArgumentException(
              "ingest source '" + source.name() + "': input path does not exist: " + source.path());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read input path " + source.path(), e);
      }
    }
  }

  private Dataset<ValidatedRecord> validatedRecords() {
    Map<String, LabelRules> labels = new HashMap<>();
    Dataset<RawReview> raw = null;
    for (SourceConfig source : config.sources()) {
      labels.put(source.name(), source.labels());
      Dataset<RawReview> one = SourceReader.forFormat(spark, source.format()).read(source);
      raw = raw == null ? one : raw.union(one);
    }
    RecordValidator validator =
        new RecordValidator(
            labels, config.splits(), config.maxReviewChars(), config.quarantineRawChars());
    int target = targetPartitions();
    if (raw.rdd().getNumPartitions() > target) {
      // Many small files make thousands of tiny scan partitions; every later action over the
      // cached records would pay a task for each. Fewer, larger partitions read the same files.
      raw = raw.coalesce(target);
    }
    return raw.mapPartitions(
        (MapPartitionsFunction<RawReview, ValidatedRecord>)
            rows -> Iterators.map(rows, validator::validate),
        ValidatedRecord.ENCODER);
  }

  /** About {@link #BYTES_PER_PARTITION} of input per partition, and two per core at least. */
  private int targetPartitions() {
    long bytes = 0;
    for (SourceConfig source : config.sources()) {
      bytes += inputBytes(source.path());
    }
    long bySize = (bytes + BYTES_PER_PARTITION - 1) / BYTES_PER_PARTITION;
    return (int)
        Math.max(2L * spark.sparkContext().defaultParallelism(), Math.min(bySize, 100_000));
  }

  private long inputBytes(String pathOrGlob) {
    Path path = new Path(pathOrGlob);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      long bytes = 0;
      for (FileStatus status : fs.globStatus(path)) {
        bytes += fs.getContentSummary(status.getPath()).getLength();
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure input " + pathOrGlob, e);
    }
  }

  private static Dataset<Review> deduplicate(Dataset<ValidatedRecord> records, String runId) {
    Dataset<Row> candidates = records.filter(col("reason").isNull()).toDF();
    Dataset<Row> kept =
        candidates
            .withColumn(
                "_rank",
                row_number()
                    .over(
                        Window.partitionBy("duplicateKey")
                            .orderBy(col("label").isNull().asc(), col("reviewId").asc())))
            .filter(col("_rank").equalTo(1))
            .drop("_rank");
    return kept.as(ValidatedRecord.ENCODER)
        .map((MapFunction<ValidatedRecord, Review>) r -> r.toReview(runId), Review.ENCODER);
  }

  /** Counts per source from the cached records and from the review table as written. */
  private Map<String, SourceCounts> countBySource(
      Dataset<ValidatedRecord> records, String reviewsPath) {
    // one pass over the cached records: counts per source and reason (null: not rejected)
    Map<String, long[]> readAndRejected = new LinkedHashMap<>();
    Map<String, Map<String, Long>> reasons = new HashMap<>();
    for (Row row : records.groupBy("source", "reason").count().collectAsList()) {
      long[] rr = readAndRejected.computeIfAbsent(row.getString(0), k -> new long[2]);
      rr[0] += row.getLong(2);
      if (!row.isNullAt(1)) {
        rr[1] += row.getLong(2);
        reasons
            .computeIfAbsent(row.getString(0), k -> new HashMap<>())
            .put(row.getString(1), row.getLong(2));
      }
    }
    Map<String, Map<String, Long>> splits = new HashMap<>();
    Map<String, Map<String, Long>> labels = new HashMap<>();
    for (Row row :
        spark
            .read()
            .parquet(reviewsPath)
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
    Map<String, SourceCounts> result = new LinkedHashMap<>();
    for (SourceConfig source : config.sources()) {
      long[] rr = readAndRejected.getOrDefault(source.name(), new long[2]);
      Map<String, Long> bySplit = splits.getOrDefault(source.name(), Map.of());
      long accepted = bySplit.values().stream().mapToLong(Long::longValue).sum();
      result.put(
          source.name(),
          new SourceCounts(
              rr[0],
              accepted,
              rr[1],
              rr[0] - rr[1] - accepted,
              bySplit,
              labels.getOrDefault(source.name(), Map.of()),
              reasons.getOrDefault(source.name(), Map.of())));
    }
    return result;
  }

  static List<DataQualityRow> summaryRows(IngestResult result) {
    List<DataQualityRow> rows = new ArrayList<>();
    result
        .bySource()
        .forEach(
            (source, c) -> {
              String run = result.runId();
              rows.add(new DataQualityRow(run, JOB, source, "read", c.read()));
              rows.add(new DataQualityRow(run, JOB, source, "accepted", c.accepted()));
              rows.add(new DataQualityRow(run, JOB, source, "quarantined", c.quarantined()));
              rows.add(new DataQualityRow(run, JOB, source, "duplicates", c.duplicates()));
              c.bySplit()
                  .forEach(
                      (k, v) -> rows.add(new DataQualityRow(run, JOB, source, "split." + k, v)));
              c.byLabel()
                  .forEach(
                      (k, v) -> rows.add(new DataQualityRow(run, JOB, source, "label." + k, v)));
              c.byReason()
                  .forEach(
                      (k, v) ->
                          rows.add(new DataQualityRow(run, JOB, source, "quarantined." + k, v)));
            });
    return rows;
  }
}
