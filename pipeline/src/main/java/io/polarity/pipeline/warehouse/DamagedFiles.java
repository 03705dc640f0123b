package io.polarity.pipeline.warehouse;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the Parquet files of the warehouse that cannot be read: cut short by a crash on a store
 * without atomic rename, failing their checksum after a disk fault, or not Parquet at all. A file
 * is judged by its footer (read and parsed, as every reader of the table would), once per version
 * of it (path, length, modification time) in this JVM; every damaged file found is remembered per
 * warehouse root, so that a run can record what its reads went without ({@link RunRecorder}).
 */
final class DamagedFiles {
  private static final Logger LOG = LoggerFactory.getLogger(DamagedFiles.class);

  /** The problem of each file version checked so far; empty when it reads. */
  private static final Map<String, Optional<String>> CHECKED = new ConcurrentHashMap<>();

  /** Per warehouse root, the damaged files found by reads in this JVM. */
  private static final Map<String, Set<Warehouse.DamagedFile>> FOUND = new ConcurrentHashMap<>();

  private DamagedFiles() {}

  /** Why the file cannot be read, or empty when its footer reads. */
  static Optional<String> problem(Configuration hadoop, FileStatus file) {
    String version = file.getPath() + "|" + file.getLen() + "|" + file.getModificationTime();
    return CHECKED.computeIfAbsent(version, v -> readFooter(hadoop, file));
  }

  private static Optional<String> readFooter(Configuration hadoop, FileStatus file) {
    try (ParquetFileReader reader =
        ParquetFileReader.open(HadoopInputFile.fromStatus(file, hadoop))) {
      reader.getFooter();
      return Optional.empty();
    } catch (IOException | RuntimeException e) { // parquet's "not a Parquet file" is unchecked
      String message =
          e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().get();
      return Optional.of(e.getClass().getSimpleName() + message);
    }
  }

  /** Remembers {@code damaged} under its warehouse, warning the first time it is seen. */
  static void found(String root, Warehouse.DamagedFile damaged) {
    if (FOUND.computeIfAbsent(root, r -> ConcurrentHashMap.newKeySet()).add(damaged)) {
      LOG.warn(
          "Warehouse table {} is read without its damaged file {} ({}); `polarity runs repair`"
              + " moves it aside into {}/{}",
          damaged.table(),
          damaged.path(),
          damaged.problem(),
          root,
          Warehouse.DAMAGED);
    }
  }

  /** The damaged files that reads of the warehouse at {@code root} went without, in this JVM. */
  static List<Warehouse.DamagedFile> found(String root) {
    return List.copyOf(FOUND.getOrDefault(root, Set.of()));
  }

  /** Forgets {@code moved}, which was moved out of the tables. */
  static void forget(String root, Warehouse.DamagedFile moved) {
    FOUND.getOrDefault(root, Set.of()).remove(moved);
  }
}
