package io.polarity.system.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads what the launched jobs wrote, from the test's own JVM: a small local Spark session that
 * queries the warehouse's tables (as views of their names) and any Parquet path. The jobs' own
 * {@code polarity metrics sql} is tested through the launcher; this only checks results.
 */
final class WarehouseReader implements AutoCloseable {
  private final SparkSession spark;

  WarehouseReader() {
    this.spark =
        SparkSession.builder()
            .master("local[1]")
            .appName("launcher-test-reader")
            .config("spark.ui.enabled", false)
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", 2)
            // run ids such as 007 stay strings, as the warehouse reads them
            .config("spark.sql.sources.partitionColumnTypeInference.enabled", false)
            .getOrCreate();
  }

  /**
   * The rows of {@code sql} over the warehouse at {@code root}, each as its cells joined by commas
   * (NULL for null), in the query's order.
   */
  List<String> query(Path root, String sql) {
    for (String table : List.of("runs", "data_quality", "epoch_metrics", "eval_metrics")) {
      Path path = root.resolve(table);
      if (hasParquet(path)) {
        spark
            .read()
            .option("mergeSchema", "true")
            .parquet(path.toString())
            .createOrReplaceTempView(table);
      } else {
        spark.catalog().dropTempView(table);
      }
    }
    List<String> rows = new ArrayList<>();
    for (Row r : spark.sql(sql).collectAsList()) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        cells.add(r.isNullAt(i) ? "NULL" : String.valueOf(r.get(i)));
      }
      rows.add(String.join(",", cells));
    }
    return rows;
  }

  /** Whether a table folder holds a Parquet file (a failed run's removal can leave none). */
  private static boolean hasParquet(Path table) {
    if (!Files.isDirectory(table)) {
      return false;
    }
    try (var files = Files.walk(table)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".parquet"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    spark.stop();
  }
}
