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
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
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

  /** The folder under the root where {@code polarity runs repair} moves damaged files. */
  public static final String DAMAGED = "_damaged";

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

  /** Whether the table holds at least one run's rows (in a file that can be read). */
  public boolean exists(String table) {
    return !files(table).readable().isEmpty();
  }

  /** A file of a table that cannot be read, its path, and why. */
  public record DamagedFile(String table, String path, String problem) {}

  /** A table's Parquet files: those that read, and the damaged ones. */
  private record TableFiles(List<String> readable, List<DamagedFile> damaged) {}

  private TableFiles files(String table) {
    try {
      FileStatus[] found =
          fs().globStatus(
                  new Path(new Path(root, table), RUN_DATE + "=*/" + RUN_ID + "=*/*.parquet"));
      List<String> readable = new ArrayList<>();
      List<DamagedFile> damaged = new ArrayList<>();
      for (FileStatus file : found == null ? new FileStatus[0] : found) {
        Optional<String> problem =
            DamagedFiles.problem(spark.sparkContext().hadoopConfiguration(), file);
        if (problem.isEmpty()) {
          readable.add(file.getPath().toString());
        } else {
          DamagedFile d = new DamagedFile(table, file.getPath().toString(), problem.get());
          DamagedFiles.found(root(), d);
          damaged.add(d);
        }
      }
      return new TableFiles(readable, damaged);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the warehouse table " + path(table), e);
    }
  }

  /**
   * The table with {@code run_date} as a date and {@code run_id} as a string (partition values are
   * read without type inference, so a run id such as {@code 007} stays what it was). A damaged file
   * is left out with a warning, and remembered for the run's {@code data_quality} rows ({@link
   * #damagedFilesRead()}): one bad file of a history table must not stop tonight's jobs.
   */
  public Dataset<Row> table(String table) {
    TableFiles files = files(table);
    if (files.readable().isEmpty()) {
      throw new InvalidConfigException(
          "the warehouse has no table '"
              + table
              + "' yet: nothing "
              + (files.damaged().isEmpty() ? "" : "readable ")
              + "under "
              + path(table));
    }
    String before = spark.conf().get(INFER_TYPES, "true");
    spark.conf().set(INFER_TYPES, "false");
    try {
      // merged: a column added in a later version is null in the runs written before it
      DataFrameReader reader = spark.read().option("mergeSchema", "true");
      Dataset<Row> rows =
          files.damaged().isEmpty()
              ? reader.parquet(path(table))
              : reader
                  .option("basePath", path(table)) // the partition columns, from the paths
                  .parquet(files.readable().toArray(String[]::new));
      return rows.withColumn(RUN_DATE, to_date(col(RUN_DATE)));
    } finally {
      spark.conf().set(INFER_TYPES, before);
    }
  }

  /** The damaged files that reads of this warehouse went without in this JVM so far. */
  public List<DamagedFile> damagedFilesRead() {
    return DamagedFiles.found(root());
  }

  /** Every damaged file of every table (each file's footer is read). */
  public List<DamagedFile> damagedFiles() {
    List<DamagedFile> all = new ArrayList<>();
    for (String table : TABLES) {
      all.addAll(files(table).damaged());
    }
    return all;
  }

  /**
   * Moves a damaged file out of its table into {@code <root>/_damaged/}, keeping its path below the
   * root (Spark skips folders whose names start with an underscore); returns where it went.
   */
  public String moveAside(DamagedFile damaged) {
    Path from = new Path(damaged.path());
    Path to = new Path(damagedFolder(), relative(from));
    try {
      fs().mkdirs(to.getParent());
      if (!fs().rename(from, to)) {
        throw new IOException("rename " + from + " -> " + to + " failed");
      }
      // its checksum side file, if any, goes with it
      Path crc = new Path(from.getParent(), "." + from.getName() + ".crc");
      if (fs().exists(crc)) {
        fs().rename(crc, new Path(to.getParent(), crc.getName()));
      }
      // no emptied run_id=... or run_date=... folder left for readers to trip on
      for (Path dir = from.getParent();
          dir.getName().startsWith(RUN_ID + "=") || dir.getName().startsWith(RUN_DATE + "=");
          dir = dir.getParent()) {
        if (fs().listStatus(dir).length > 0) {
          break;
        }
        fs().delete(dir, false);
      }
      DamagedFiles.forget(root(), damaged);
      return fs().makeQualified(to).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the damaged file " + from + " aside", e);
    }
  }

  /** {@code <root>/_damaged}: where damaged files are moved, their paths below the root kept. */
  public Path damagedFolder() {
    return new Path(root, DAMAGED);
  }

  /** The path of {@code file} below the root (qualified or not). */
  public String relative(Path file) {
    try {
      String base = fs().makeQualified(root).toUri().getPath();
      String path = fs().makeQualified(file).toUri().getPath();
      return path.startsWith(base + "/") ? path.substring(base.length() + 1) : path;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + file, e);
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
    write(table, runId, date, rows, SaveMode.Overwrite);
  }

  /** Adds {@code rows} to the run's rows of the table. */
  void appendRun(String table, String runId, LocalDate date, Dataset<Row> rows) {
    write(table, runId, date, rows, SaveMode.Append);
  }

  private void write(String table, String runId, LocalDate date, Dataset<Row> rows, SaveMode mode) {
    requireRunId(runId);
    rows.drop(RUN_DATE, RUN_ID)
        .withColumn(RUN_DATE, lit(date.toString()))
        .withColumn(RUN_ID, lit(runId))
        .coalesce(1)
        .write()
        .option("partitionOverwriteMode", "dynamic") // Overwrite replaces this run's rows only
        .mode(mode)
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
