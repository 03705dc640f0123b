package io.polarity.pipeline.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.polarity.pipeline.SparkTestBase;
import io.polarity.pipeline.config.InvalidConfigException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehouseTest extends SparkTestBase {
  @TempDir Path dir;
  private Warehouse warehouse;
  private RunRecorder recorder;

  @BeforeEach
  void open() {
    warehouse = new Warehouse(spark, dir.resolve("warehouse").toString());
    recorder = new RunRecorder(spark, warehouse);
  }

  /** A job body that writes {@code n} data_quality rows for its run. */
  private String writes(String runId, int n) {
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(RowFactory.create("ingest", "s", null, "m" + i, (double) i));
    }
    Dataset<Row> table =
        spark.createDataFrame(
            rows,
            StructType.fromDDL(
                "job STRING, source STRING, split STRING, metric STRING, value DOUBLE"));
    warehouse.replaceRun(Warehouse.DATA_QUALITY, runId, table);
    return runId;
  }

  private RunOutcome outcome(String runId) {
    return new RunOutcome(List.of("in/" + runId), 10, 7, "out/" + runId, null);
  }

  private List<Row> counts(String table) {
    return warehouse.table(table).groupBy("run_id").count().orderBy("run_id").collectAsList();
  }

  @Test
  void reRunningARunReplacesItsRowsAndLeavesOtherRunsAlone() {
    recorder.record("ingest", "a", "{}", () -> writes("a", 3), this::outcome);
    recorder.record("ingest", "b", "{}", () -> writes("b", 2), this::outcome);
    recorder.record("ingest", "a", "{}", () -> writes("a", 3), this::outcome);

    assertThat(counts(Warehouse.DATA_QUALITY))
        .extracting(r -> r.getString(0), r -> r.getLong(1))
        .containsExactly(tuple("a", 3L), tuple("b", 2L));
    assertThat(counts(Warehouse.RUNS))
        .extracting(r -> r.getString(0), r -> r.getLong(1))
        .containsExactly(tuple("a", 1L), tuple("b", 1L));
    Row a = warehouse.table(Warehouse.RUNS).filter("run_id = 'a'").first();
    assertThat(a.<String>getAs("status")).isEqualTo(RunRecord.SUCCEEDED);
    assertThat(a.<Long>getAs("input_rows")).isEqualTo(10L);
    assertThat(a.<Long>getAs("output_rows")).isEqualTo(7L);
    assertThat(a.getList(a.fieldIndex("input_paths"))).containsExactly("in/a");
    assertThat(a.<java.sql.Timestamp>getAs("end_time"))
        .isAfterOrEqualTo(a.<java.sql.Timestamp>getAs("start_time"));
  }

  /**
   * A column a later version adds is there for every run, null in the runs written before it.
   * (Without merging, Spark takes the schema of the first file, here the earlier run's.)
   */
  @Test
  void aColumnAddedByALaterVersionReadsAsNullForEarlierRuns() {
    warehouse.replaceRun(
        Warehouse.EPOCH_METRICS,
        "earlier",
        spark.createDataFrame(
            List.of(RowFactory.create(1, 0.5)),
            StructType.fromDDL("epoch INT, train_loss DOUBLE")));
    warehouse.replaceRun(
        Warehouse.EPOCH_METRICS,
        "later",
        spark.createDataFrame(
            List.of(RowFactory.create(1, 0.4, 2.5)),
            StructType.fromDDL("epoch INT, train_loss DOUBLE, worker_fit_seconds DOUBLE")));

    assertThat(
            warehouse
                .table(Warehouse.EPOCH_METRICS)
                .orderBy("run_id")
                .select("run_id", "worker_fit_seconds")
                .collectAsList())
        .extracting(r -> r.getString(0), r -> r.isNullAt(1) ? null : r.getDouble(1))
        .containsExactly(tuple("earlier", null), tuple("later", 2.5));
  }

  @Test
  void aFailedRunIsMarkedAndItsMetricsAreRemoved() {
    recorder.record("ingest", "good", "{}", () -> writes("good", 2), this::outcome);

    assertThatThrownBy(
            () ->
                recorder.record(
                    "ingest",
                    "bad",
                    "{\"k\":1}",
                    () -> {
                      writes("bad", 4);
                      throw new IllegalStateException("disk full half-way");
                    },
                    this::outcome))
        .hasMessage("disk full half-way");

    assertThat(counts(Warehouse.DATA_QUALITY))
        .extracting(r -> r.getString(0))
        .containsExactly("good");
    Row bad = warehouse.table(Warehouse.RUNS).filter("run_id = 'bad'").first();
    assertThat(bad.<String>getAs("status")).isEqualTo(RunRecord.FAILED);
    assertThat(bad.<String>getAs("error"))
        .isEqualTo("java.lang.IllegalStateException: disk full half-way");
    assertThat(bad.<String>getAs("config")).isEqualTo("{\"k\":1}");
  }

  @Test
  void aSparkFailureMarksTheRunFailedAndAFailedFirstRunLeavesNoEmptyTable() {
    assertThatThrownBy(
            () ->
                recorder.record(
                    "ingest",
                    "first",
                    "{}",
                    () -> {
                      writes("first", 2);
                      // a failing task: Spark throws its own (checked) SparkException
                      return spark
                          .range(3)
                          .map(
                              (org.apache.spark.api.java.function.MapFunction<Long, Long>)
                                  i -> {
                                    throw new IllegalStateException("task " + i + " failed");
                                  },
                              org.apache.spark.sql.Encoders.LONG())
                          .count();
                    },
                    r -> outcome("first")))
        .isInstanceOf(org.apache.spark.SparkException.class);

    assertThat(warehouse.table(Warehouse.RUNS).first().<String>getAs("status"))
        .isEqualTo(RunRecord.FAILED);
    assertThat(warehouse.exists(Warehouse.DATA_QUALITY)).isFalse();
    assertThat(warehouse.registerViews()).containsExactly(Warehouse.RUNS);
  }

  @Test
  void runIdsThatCouldMatchOtherRunsAreRefused() {
    assertThatThrownBy(() -> writes("*", 1))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("a run id must be 1-100 letters, digits, '_', '.' or '-', but was: '*'");
  }

  @Test
  void aRunIdBelongsToOneJob() {
    recorder.record("ingest", "shared", "{}", () -> "ok", this::outcome);

    assertThatThrownBy(() -> recorder.record("train", "shared", "{}", () -> "x", this::outcome))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("run id 'shared' already belongs to a ingest run in ");
  }

  @Test
  void runIdsStayStringsAndRunDatesAreDates() {
    recorder.record("ingest", "007", "{}", () -> writes("007", 1), this::outcome);

    Row row = warehouse.table(Warehouse.DATA_QUALITY).first();
    assertThat(row.<String>getAs("run_id")).isEqualTo("007");
    assertThat(row.<Object>getAs("run_date")).isInstanceOf(java.sql.Date.class);
    assertThat(warehouse.registerViews()).containsExactly(Warehouse.RUNS, Warehouse.DATA_QUALITY);
    assertThat(spark.sql("SELECT count(*) FROM runs WHERE run_id = '007'").first().getLong(0))
        .isEqualTo(1L);
  }

  /** Cuts the only Parquet file of {@code runId}'s partition of {@code table} to 300 bytes. */
  private Path damage(String table, String runId, boolean withChecksum) throws IOException {
    Path partition;
    try (var days = Files.list(dir.resolve("warehouse").resolve(table))) {
      partition =
          days.map(day -> day.resolve("run_id=" + runId))
              .filter(Files::isDirectory)
              .findFirst()
              .orElseThrow();
    }
    Path file;
    try (var files = Files.list(partition)) {
      file = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, 300));
    if (!withChecksum) {
      Files.delete(file.resolveSibling("." + file.getFileName() + ".crc"));
    }
    return file;
  }

  @Test
  void aDamagedFileIsReadWithoutAndRecordedByTheNextRun() throws IOException {
    recorder.record("ingest", "a", "{}", () -> writes("a", 3), this::outcome);
    recorder.record("ingest", "b", "{}", () -> writes("b", 2), this::outcome);
    // cut short, once with its checksum file (Hadoop's local filesystem fails the checksum) and
    // once without (the footer is missing), as on HDFS or S3
    Path runsOfA = damage(Warehouse.RUNS, "a", true);
    Path metricsOfB = damage(Warehouse.DATA_QUALITY, "b", false);

    recorder.record("ingest", "c", "{}", () -> writes("c", 1), this::outcome);

    assertThat(counts(Warehouse.RUNS))
        .extracting(r -> r.getString(0), r -> r.getLong(1))
        .containsExactly(tuple("b", 1L), tuple("c", 1L));
    assertThat(counts(Warehouse.DATA_QUALITY))
        .extracting(r -> r.getString(0), r -> r.getLong(1))
        .containsExactly(tuple("a", 3L), tuple("c", 2L)); // c: its own row and the damaged one
    assertThat(
            warehouse
                .table(Warehouse.DATA_QUALITY)
                .filter("run_id = 'c' AND metric = 'warehouse.damaged_file'")
                .select("source")
                .as(Encoders.STRING())
                .collectAsList())
        .containsExactly("runs/" + dir.resolve("warehouse/runs").relativize(runsOfA));
    assertThat(warehouse.damagedFiles())
        .extracting(Warehouse.DamagedFile::table, d -> Path.of(URI.create(d.path())))
        .containsExactlyInAnyOrder(
            tuple(Warehouse.RUNS, runsOfA), tuple(Warehouse.DATA_QUALITY, metricsOfB));
    assertThat(warehouse.damagedFiles())
        .extracting(Warehouse.DamagedFile::problem)
        .anySatisfy(p -> assertThat(p).startsWith("ChecksumException"))
        .anySatisfy(p -> assertThat(p).contains("is not a Parquet file"));
  }

  @Test
  void movingADamagedFileAsideKeepsItsPathBelowDamaged() throws IOException {
    recorder.record("ingest", "a", "{}", () -> writes("a", 3), this::outcome);
    Path file = damage(Warehouse.DATA_QUALITY, "a", false);
    Warehouse.DamagedFile damaged = warehouse.damagedFiles().get(0);

    String moved = warehouse.moveAside(damaged);

    Path below = dir.resolve("warehouse/data_quality").relativize(file);
    assertThat(Path.of(URI.create(moved)))
        .isEqualTo(dir.resolve("warehouse/_damaged/data_quality").resolve(below))
        .exists();
    assertThat(file.getParent()).doesNotExist(); // no emptied run_id=a partition left behind
    assertThat(warehouse.damagedFiles()).isEmpty();
    assertThat(warehouse.exists(Warehouse.DATA_QUALITY)).isFalse();
  }
}
