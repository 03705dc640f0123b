package io.polarity.pipeline.warehouse;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;

import com.typesafe.config.Config;
import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.config.RunIds;
import io.polarity.pipeline.config.Settings;
import io.polarity.pipeline.io.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * The metrics warehouse: Parquet tables under one root, each Hive-style partitioned by {@code
 * run_date} and {@code run_id}.
 *
 * <p>Writes replace one run's partition and nothing else (dynamic partition overwrite, set on each
 * write whatever the session's default), so re-running a job for the same run id never duplicates
 * rows. A run's date is the date its {@code runs} row was started on (today for a run without one),
 * and starting a run again removes its rows of any earlier date first.
 */
public final class Warehouse {
  public static final String RUNS = "runs";
  public static final String EPOCH_METRICS = "epoch_metrics";
  public static final String EVAL_METRICS = "eval_metrics";
  public static final String CONFUSION_MATRIX = "confusion_matrix";
  public static final String CALIBRATION = "calibration";
  public static final String ROC_CURVE = "roc_curve";
  public static final String DATA_QUALITY = "data_quality";
  public static final String PREDICTIONS = "predictions";

  /** The model registry's models, one row per model (run_id: its train run). */
  public static final String MODELS = "models";

  /** Every table, {@code runs} first. */
  public static final List<String> TABLES =
      List.of(
          RUNS,
          EPOCH_METRICS,
          EVAL_METRICS,
          CONFUSION_MATRIX,
          CALIBRATION,
          ROC_CURVE,
          DATA_QUALITY,
          PREDICTIONS,
          MODELS);

  /** The configuration key of the warehouse root. */
  public static final String ROOT = "warehouse.root";

  private static final String RUN_DATE = "run_date";
  private static final String RUN_ID = "run_id";
  private static final String INFER_TYPES =
      "spark.sql.sources.partitionColumnTypeInference.enabled";

  private final SparkSession spark;
  private final Path root;

  public Warehouse(SparkSession spark, String root) {
    this.spark = spark;
    this.root = new Path(root);
  }

  /** The warehouse root configured at {@link #ROOT}. */
  public static String root(Config config) {
    return Settings.of(config, "warehouse").string("root");
  }

  public String root() {
    return root.toString();
  }

  public String path(String table) {
    return new Path(root, table).toString();
  }

  /** Whether the table holds at least one run's rows. */
  public boolean exists(String table) {
    try {
      FileStatus[] files =
          fs().globStatus(
                  new Path(new Path(root, table), RUN_DATE + "=*/" + RUN_ID + "=*/*.parquet"));
      return files != null && files.length > 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the warehouse table " + path(table), e);
    }
  }

  /**
   * The table with {@code run_date} as a date and {@code run_id} as a string (partition values are
   * read without type inference, so a run id such as {@code 007} stays what it was).
   */
  public Dataset<Row> table(String table) {
    if (!exists(table)) {
      throw new InvalidConfigException(
          "the warehouse has no table '" + table + "' yet: nothing under " + path(table));
    }
    String before = spark.conf().get(INFER_TYPES, "true");
    spark.conf().set(INFER_TYPES, "false");
    try {
      // merged: a column added in a later version is null in the runs written before it
      Dataset<Row> rows = spark.read().option("mergeSchema", "true").parquet(path(table));
      return rows.withColumn(RUN_DATE, to_date(col(RUN_DATE)));
    } finally {
      spark.conf().set(INFER_TYPES, before);
    }
  }

  /**
   * The table with at least every column of {@code encoder}'s rows (snake_case): a column added in
   * a later version is null in the rows written before it, also when the table has no newer row yet
   * (merging the files' schemas cannot add a column none of them has).
   */
  public Dataset<Row> table(String table, Encoder<?> encoder) {
    Dataset<Row> rows = table(table);
    Set<String> present = new HashSet<>(Arrays.asList(rows.columns()));
    for (StructField f : encoder.schema().fields()) {
      String column = Tables.snakeCase(f.name());
      if (!present.contains(column)) {
        rows = rows.withColumn(column, lit(null).cast(f.dataType()));
      }
    }
    return rows;
  }

  /** Registers every table written so far as a temporary view of the same name. */
  public List<String> registerViews() {
    List<String> registered = new ArrayList<>();
    for (String table : TABLES) {
      if (exists(table)) {
        table(table).createOrReplaceTempView(table);
        registered.add(table);
      }
    }
    return registered;
  }

  /**
   * Replaces the run's rows of the table with {@code rows}; their {@code run_date} and {@code
   * run_id} columns, if any, are set here.
   */
  public void replaceRun(String table, String runId, Dataset<Row> rows) {
    writeRun(table, runId, runDate(runId), rows);
  }

  /** Starts a fresh attempt of the run: removes its rows from every table; returns its date. */
  LocalDate beginRun(String runId) {
    deleteRun(runId, Set.of());
    return LocalDate.now(ZoneOffset.UTC);
  }

  /** Removes the run's rows from every table but those named in {@code keep}. */
  void deleteRun(String runId, Set<String> keep) {
    try {
      for (String table : TABLES) {
        if (keep.contains(table)) {
          continue;
        }
        for (FileStatus p : runPartitions(table, runId)) {
          fs().delete(p.getPath(), true /* recursive */);
          Path day = p.getPath().getParent();
          if (fs().listStatus(day).length == 0) {
            fs().delete(day, false); // no empty run_date=... left for readers to trip on
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove run " + runId + " from " + root, e);
    }
  }

  private static void requireRunId(String runId) {
    if (!RunIds.isValid(runId)) {
      throw new InvalidConfigException(
          "a run id must be 1-100 letters, digits, '_', '.' or '-', but was: '" + runId + "'");
    }
  }

  void writeRun(String table, String runId, LocalDate date, Dataset<Row> rows) {
    requireRunId(runId);
    rows.drop(RUN_DATE, RUN_ID)
        .withColumn(RUN_DATE, lit(date.toString()))
        .withColumn(RUN_ID, lit(runId))
        .coalesce(1)
        .write()
        .option("partitionOverwriteMode", "dynamic")
        .mode(SaveMode.Overwrite)
        .partitionBy(RUN_DATE, RUN_ID)
        .parquet(path(table));
  }

  /** The date of the run's {@code runs} row; today when it has none. */
  LocalDate runDate(String runId) {
    try {
      FileStatus[] partitions = runPartitions(RUNS, runId);
      if (partitions.length > 0) {
        String dateDir = partitions[0].getPath().getParent().getName();
        return LocalDate.parse(dateDir.substring(RUN_DATE.length() + 1));
      }
      return LocalDate.now(ZoneOffset.UTC);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look up run " + runId + " in " + path(RUNS), e);
    }
  }

  private FileStatus[] runPartitions(String table, String runId) throws IOException {
    requireRunId(runId);
    Path pattern = new Path(new Path(new Path(root, table), RUN_DATE + "=*"), RUN_ID + "=" + runId);
    FileStatus[] found = fs().globStatus(pattern);
    return found == null ? new FileStatus[0] : found;
  }

  private FileSystem fs() throws IOException {
    return root.getFileSystem(spark.sparkContext().hadoopConfiguration());
  }
}
