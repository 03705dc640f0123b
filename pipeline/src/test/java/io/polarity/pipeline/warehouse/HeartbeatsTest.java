package io.polarity.pipeline.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.polarity.pipeline.SparkTestBase;
import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.io.Tables;
import java.io.File;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatsTest extends SparkTestBase {
  private static final Heartbeats.Liveness FAST =
      new Heartbeats.Liveness(Duration.ofMillis(50), Duration.ofMinutes(5));

  private static final RunOutcome NOTHING = new RunOutcome(List.of(), 0, 0, null, null);

  @TempDir Path dir;
  private Warehouse warehouse;
  private RunRecorder recorder;

  @BeforeEach
  void open() {
    warehouse = new Warehouse(spark, dir.resolve("warehouse").toString());
    recorder = new RunRecorder(spark, warehouse, FAST);
  }

  private File heartbeat(String runId) {
    return dir.resolve("warehouse").resolve(Heartbeats.DIRECTORY).resolve(runId).toFile();
  }

  /** A run left as running by a driver that died: its row, a metric row, maybe a heartbeat. */
  private void diedWhileRunning(String runId, Instant started, Instant lastBeat) {
    RunRecord run = new RunRecord();
    run.setJob("train");
    run.setStatus(RunRecord.RUNNING);
    run.setStartTime(Timestamp.from(started));
    run.setInputPaths(List.of());
    warehouse.writeRun(
        Warehouse.RUNS,
        runId,
        LocalDate.now(ZoneOffset.UTC),
        Tables.toTable(spark.createDataset(List.of(run), RunRecord.ENCODER)));
    warehouse.replaceRun(
        Warehouse.DATA_QUALITY,
        runId,
        spark.createDataFrame(
            List.of(RowFactory.create("train", "s", null, "m", 1.0)),
            StructType.fromDDL(
                "job STRING, source STRING, split STRING, metric STRING, value DOUBLE")));
    if (lastBeat != null) {
      new Heartbeats(spark.sparkContext().hadoopConfiguration(), warehouse.root(), FAST)
          .beat(runId);
      assertThat(heartbeat(runId).setLastModified(lastBeat.toEpochMilli())).isTrue();
    }
  }

  @Test
  void runsWhoseDriverStoppedBeatingAreMarkedAbandonedByTheNextRun() {
    Instant anHourAgo = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    Instant twentyMinutesAgo = Instant.now().minus(20, ChronoUnit.MINUTES);
    diedWhileRunning("no-beat", anHourAgo, null);
    diedWhileRunning("stale-beat", anHourAgo, twentyMinutesAgo.truncatedTo(ChronoUnit.SECONDS));
    // started long ago but still beating: alive
    diedWhileRunning("alive", anHourAgo, Instant.now());

    recorder.record("ingest", "next", "{}", () -> "done", r -> NOTHING);

    List<Row> runs =
        warehouse
            .table(Warehouse.RUNS)
            .select("run_id", "status", "end_time", "error")
            .orderBy("run_id")
            .collectAsList();
    assertThat(runs)
        .extracting(r -> r.getString(0), r -> r.getString(1))
        .containsExactly(
            tuple("alive", "running"),
            tuple("next", "succeeded"),
            tuple("no-beat", "abandoned"),
            tuple("stale-beat", "abandoned"));
    Row noBeat = runs.get(2);
    assertThat(noBeat.getTimestamp(2).toInstant()).isEqualTo(anHourAgo);
    assertThat(noBeat.getString(3))
        .isEqualTo(
            "abandoned: no heartbeat since it started at "
                + anHourAgo
                + "; its driver stopped without recording an end");
    assertThat(runs.get(3).getString(3))
        .startsWith(
            "abandoned: the last heartbeat came at "
                + twentyMinutesAgo.truncatedTo(ChronoUnit.SECONDS)
                + " from host ")
        .endsWith("; its driver stopped without recording an end");
    // an abandoned run's metrics go, as a failed run's do; the live run keeps its own
    assertThat(warehouse.table(Warehouse.DATA_QUALITY).select("run_id").collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("alive");
    assertThat(heartbeat("stale-beat")).doesNotExist();
    assertThat(recorder.repair()).isEmpty();
  }

  @Test
  void aRunBeatsWhileItRunsAndRemovesItsHeartbeatWhenItEnds() {
    recorder.record(
        "ingest",
        "beating",
        "{}",
        () -> {
          File file = heartbeat("beating");
          assertThat(file).exists();
          long first = file.lastModified();
          long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
          while (file.lastModified() == first && System.nanoTime() < deadline) {
            Thread.onSpinWait();
          }
          assertThat(file.lastModified()).as("a later beat").isGreaterThan(first);
          // another process checking meanwhile leaves the live run alone
          assertThat(new RunRecorder(spark, warehouse, FAST).repair()).isEmpty();
          return "done";
        },
        r -> NOTHING);

    assertThat(heartbeat("beating")).doesNotExist();
    assertThatThrownBy(() -> recorder.record("ingest", "fails", "{}", this::fail, r -> NOTHING))
        .hasMessage("boom");
    assertThat(heartbeat("fails")).doesNotExist();
  }

  private String fail() {
    throw new IllegalStateException("boom");
  }

  @Test
  void livenessSettingsAreChecked() {
    assertThatThrownBy(() -> new Heartbeats.Liveness(Duration.ZERO, Duration.ofMinutes(1)))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("warehouse.heartbeat-interval must be positive, but was PT0S");
    assertThatThrownBy(
            () -> new Heartbeats.Liveness(Duration.ofSeconds(30), Duration.ofSeconds(60)))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "warehouse.abandoned-after must be at least three heartbeat intervals (PT1M30S), but"
                + " was PT1M");
    assertThatThrownBy(
            () ->
                Heartbeats.Liveness.from(
                    com.typesafe.config.ConfigFactory.parseString(
                        "warehouse { heartbeat-interval = soon, abandoned-after = 10m }")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "warehouse.heartbeat-interval must be a duration such as 30s or 10m, but was:"
                + " \"soon\"");
  }

  @Test
  void aWarehouseWrittenBeforeTheNightlyColumnsIsRepairedAndRecordedInto() {
    // the runs table as versions before 2026-11-26 wrote it: no parent_run_id, detail or
    // stage_seconds; a running row in it so that the repair must read every column
    Instant anHourAgo = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    warehouse.writeRun(
        Warehouse.RUNS,
        "old-run",
        LocalDate.now(ZoneOffset.UTC),
        spark.createDataFrame(
            List.of(
                RowFactory.create(
                    "train",
                    RunRecord.RUNNING,
                    Timestamp.from(anHourAgo),
                    null,
                    "0.0.1",
                    "{}",
                    List.of(),
                    0L,
                    0L,
                    null,
                    null,
                    null)),
            StructType.fromDDL(
                "job STRING, status STRING, start_time TIMESTAMP, end_time TIMESTAMP,"
                    + " app_version STRING, config STRING, input_paths ARRAY<STRING>,"
                    + " input_rows BIGINT, output_rows BIGINT, output_path STRING,"
                    + " model_path STRING, error STRING")));
    assertThat(warehouse.table(Warehouse.RUNS).columns()).doesNotContain("detail");

    assertThat(recorder.repair()).containsExactly("old-run");
    recorder.record("ingest", "new-run", "{}", () -> "done", r -> NOTHING);

    assertThat(
            warehouse
                .table(Warehouse.RUNS)
                .orderBy("run_id")
                .select("run_id", "status", "detail")
                .collectAsList()
                .toString())
        .isEqualTo("[[new-run,succeeded,null], [old-run,abandoned,null]]");
  }
}
