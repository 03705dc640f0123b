package io.polarity.model.engine;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.polarity.pipeline.ingest.SplitAssigner;
import io.polarity.pipeline.io.Tables;
import io.polarity.pipeline.preprocess.FeatureRow;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The training set split into one shard per worker, read from the feature table once per run and
 * kept in the executors' memory (spilling to disk where it does not fit, at the configured storage
 * level) for every epoch: partition {@code w} is worker {@code w}'s shard. A review's shard follows
 * from its id (hash partitioning), and a shard's rows are in review-id order, so the shards and
 * their order are the same on a rerun, after a resume, and when Spark recomputes a partition lost
 * with its executor. Each shard's rows are counted when it is cached: the count every epoch's
 * fitted examples are checked against.
 */
final class Shards implements AutoCloseable {
  private final JavaRDD<TrainingRow> rows;
  private final long[] sizes;

  private Shards(JavaRDD<TrainingRow> rows, long[] sizes) {
    this.rows = rows;
    this.sizes = sizes;
  }

  /** The labelled train split of the feature table at {@code featuresPath}, in shards. */
  static Shards build(
      SparkSession spark,
      String featuresPath,
      int workers,
      Minibatches.Input input,
      int classes,
      StorageLevel level) {
    JavaRDD<TrainingRow> rows =
        Tables.read(spark, featuresPath, FeatureRow.ENCODER)
            .filter(col("split").equalTo(lit(SplitAssigner.TRAIN)).and(col("labelIndex").geq(0)))
            .repartition(workers, col("reviewId"))
            .sortWithinPartitions("reviewId")
            .javaRDD()
            .map(r -> TrainingRow.of(r, input, classes))
            .persist(level);
    if (rows.getNumPartitions() != workers) {
      throw new IllegalStateException(
          "the training set was split into "
              + rows.getNumPartitions()
              + " shards for "
              + workers
              + " workers");
    }
    List<Long> counted =
        rows.mapPartitions(
                it -> {
                  long n = 0;
                  for (; it.hasNext(); it.next()) {
                    n++;
                  }
                  return List.of(n).iterator();
                })
            .collect();
    long[] sizes = new long[workers];
    for (int w = 0; w < workers; w++) {
      sizes[w] = counted.get(w);
    }
    return new Shards(rows, sizes);
  }

  JavaRDD<TrainingRow> rows() {
    return rows;
  }

  /** Each shard's rows, as counted when it was cached. */
  long[] sizes() {
    return sizes.clone();
  }

  /** All the training examples. */
  long examples() {
    long n = 0;
    for (long s : sizes) {
      n += s;
    }
    return n;
  }

  /** A shard's rows in its stable order (references to the cached rows). */
  static List<TrainingRow> drain(java.util.Iterator<TrainingRow> shard) {
    List<TrainingRow> all = new ArrayList<>();
    shard.forEachRemaining(all::add);
    return all;
  }

  @Override
  public void close() {
    rows.unpersist();
  }
}
