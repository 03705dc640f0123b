package io.polarity.pipeline.warehouse;

import static org.apache.spark.sql.functions.col;

import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.io.Tables;
import io.polarity.pipeline.io.Termination;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a job run in the warehouse's {@code runs} table: {@code running} when it starts, then
 * {@code succeeded} with its outcome, or {@code failed} with the error, in which case every metric
 * the run wrote is removed again (a failed run leaves no half-written metrics visible). Starting a
 * run id again replaces that run's rows in every table.
 */
public final class RunRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final Heartbeats heartbeats;
  private final String parentRunId;

  public RunRecorder(SparkSession spark, Warehouse warehouse) {
    this(spark, warehouse, Heartbeats.Liveness.DEFAULT);
  }

  public RunRecorder(SparkSession spark, Warehouse warehouse, Heartbeats.Liveness liveness) {
    this(
        spark,
        warehouse,
        new Heartbeats(spark.sparkContext().hadoopConfiguration(), warehouse.root(), liveness),
        null);
  }

  private RunRecorder(
      SparkSession spark, Warehouse warehouse, Heartbeats heartbeats, String parentRunId) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.heartbeats = heartbeats;
    this.parentRunId = parentRunId;
  }

  /** A recorder whose runs are stages of the nightly run {@code parentRunId}. */
  public RunRecorder under(String parentRunId) {
    return new RunRecorder(spark, warehouse, heartbeats, parentRunId);
  }

  /**
   * Records run {@code runId} of {@code job} as {@code skipped}: a nightly stage whose inputs and
   * settings were those of its last success; {@code outcome} names that success's output.
   */
  public void recordSkipped(String job, String runId, String configJson, RunOutcome outcome) {
    requireOwnRun(job, runId, runsToCheck(runId));
    LocalDate date = warehouse.beginRun(runId);
    RunRecord run = newRecord(job, configJson);
    run.setStatus(RunRecord.SKIPPED);
    run.setEndTime(run.getStartTime());
    setOutcome(run, outcome);
    write(runId, date, run);
  }

  /**
   * Runs {@code body} as run {@code runId} of {@code job}; {@code configJson} is the job's
   * configuration. Rethrows what the body throws, after recording the failure.
   */
  public <R> R record(
      String job,
      String runId,
      String configJson,
      Supplier<R> body,
      Function<R, RunOutcome> outcome) {
    List<Row> known = runsToCheck(runId);
    requireOwnRun(job, runId, known);
    try {
      repair(known);
    } catch (RuntimeException e) {
      // another run's bookkeeping must not stop this one; `polarity runs repair` can retry it
      LOG.warn("Could not check for abandoned runs: {}", e.toString());
    }
    LocalDate date = warehouse.beginRun(runId);
    RunRecord run = newRecord(job, configJson);
    // beating before the row says running: a running row without a heartbeat is a dead driver's
    AutoCloseable beating = heartbeats.start(runId);
    // when a signal stops the JVM and the body's failure below does not come in time
    Termination.Registration fallback =
        Termination.cleanup(
            "record " + job + " run " + runId + " as failed",
            () -> recordFailure(runId, date, run, new Termination.TerminatedException()));
    try {
      write(runId, date, run);
      R result = body.get();
      RunOutcome o = outcome.apply(result);
      run.setStatus(RunRecord.SUCCEEDED);
      run.setEndTime(now());
      setOutcome(run, o);
      write(runId, date, run);
      recordDamage(job, runId, date);
      return result;
    } catch (Throwable e) { // Spark's own failures (SparkException, AnalysisException) are checked
      try {
        recordFailure(runId, date, run, e);
      } catch (RuntimeException recordFailure) {
        e.addSuppressed(recordFailure);
      }
      throw e;
    } finally {
      fallback.close();
      stop(beating);
    }
  }

  /** Records the run as failed with {@code e}, its metrics removed. */
  private void recordFailure(String runId, LocalDate date, RunRecord run, Throwable e) {
    run.setStatus(RunRecord.FAILED);
    run.setEndTime(now());
    run.setError(
        Termination.signal()
            .map(
                signal ->
                    "terminated by signal "
                        + signal
                        + (e instanceof Termination.TerminatedException
                            ? ""
                            : " (" + describe(e) + ")"))
            .orElse(describe(e)));
    warehouse.deleteRun(runId, Set.of(Warehouse.RUNS));
    write(runId, date, run);
    recordDamage(run.getJob(), runId, date);
  }

  /**
   * Adds a {@code data_quality} row for each damaged warehouse file that this JVM's reads went
   * without ({@link Warehouse#table}), so the warehouse's own damage is in the tables people query.
   */
  private void recordDamage(String job, String runId, LocalDate date) {
    List<Warehouse.DamagedFile> damaged = warehouse.damagedFilesRead();
    if (!damaged.isEmpty()) {
      List<String> paths =
          damaged.stream().map(d -> warehouse.relative(new Path(d.path()))).sorted().toList();
      warehouse.appendRun(
          Warehouse.DATA_QUALITY, runId, date, DataQualityRows.damaged(spark, job, paths));
    }
  }

  private RunRecord newRecord(String job, String configJson) {
    RunRecord run = new RunRecord();
    run.setJob(job);
    run.setStatus(RunRecord.RUNNING);
    run.setStartTime(now());
    run.setAppVersion(appVersion());
    run.setConfig(configJson);
    run.setInputPaths(List.of());
    run.setParentRunId(parentRunId);
    return run;
  }

  private static void setOutcome(RunRecord run, RunOutcome o) {
    run.setInputPaths(o.inputPaths());
    run.setInputRows(o.inputRows());
    run.setOutputRows(o.outputRows());
    run.setOutputPath(o.outputPath());
    run.setModelPath(o.modelPath());
    run.setDetail(o.detail());
    run.setStageSeconds(o.stageSeconds());
  }

  private static void stop(AutoCloseable beating) {
    try {
      beating.close();
    } catch (Exception e) {
      LOG.warn("Heartbeat not stopped cleanly: {}", e.toString());
    }
  }

  /**
   * Marks every run that the {@code runs} table says is running, but whose driver has not beaten
   * for the configured time, as {@code abandoned} (ended at its last beat, its metrics removed as a
   * failed run's are); returns their run ids. Every recorded run starts by doing this, and {@code
   * polarity runs repair} calls it alone.
   */
  public List<String> repair() {
    return repair(runsToCheck(null));
  }

  /**
   * What a starting run looks at, in one small read of the {@code runs} table: run id, job, status
   * and start of the rows still running, and of every row of {@code runId} (null: none).
   */
  private List<Row> runsToCheck(String runId) {
    if (!warehouse.exists(Warehouse.RUNS)) {
      return List.of();
    }
    Column which = col("status").equalTo(RunRecord.RUNNING);
    if (runId != null) {
      which = which.or(col("run_id").equalTo(runId));
    }
    return warehouse
        .table(Warehouse.RUNS)
        .filter(which)
        .select("run_id", "job", "status", "start_time")
        .collectAsList();
  }

  private List<String> repair(List<Row> known) {
    Instant now = Instant.now();
    List<String> abandoned = new ArrayList<>();
    for (Row r : known) {
      if (!RunRecord.RUNNING.equals(r.getString(2))) {
        continue;
      }
      String runId = r.getString(0);
      Timestamp start = r.getTimestamp(3);
      Optional<Heartbeats.Beat> beat = heartbeats.last(runId);
      Instant last = beat.map(Heartbeats.Beat::at).orElse(start.toInstant());
      if (Duration.between(last, now).compareTo(heartbeats.liveness().abandonedAfter()) < 0) {
        continue; // alive
      }
      Optional<RunRecord> running = stillRunning(runId, start);
      if (running.isEmpty()) {
        continue; // it ended (and removed its heartbeat) since the table was read
      }
      RunRecord run = running.get();
      run.setStatus(RunRecord.ABANDONED);
      run.setEndTime(Timestamp.from(last));
      run.setError(
          "abandoned: "
              + (beat.isPresent()
                  ? "the last heartbeat came at " + last + " from " + beat.get().from()
                  : "no heartbeat since it started at " + last)
              + "; its driver stopped without recording an end");
      warehouse.deleteRun(runId, Set.of(Warehouse.RUNS));
      write(runId, warehouse.runDate(runId), run);
      heartbeats.remove(runId);
      abandoned.add(runId);
    }
    return abandoned;
  }

  /** The run's row, if it still says running for the attempt that started at {@code start}. */
  private Optional<RunRecord> stillRunning(String runId, Timestamp start) {
    Column[] fields =
        Arrays.stream(RunRecord.ENCODER.schema().fieldNames())
            .map(f -> col(Tables.snakeCase(f)).as(f))
            .toArray(Column[]::new);
    return warehouse
        .table(Warehouse.RUNS, RunRecord.ENCODER)
        .filter(
            col("run_id")
                .equalTo(runId)
                .and(col("status").equalTo(RunRecord.RUNNING))
                .and(col("start_time").equalTo(start)))
        .select(fields)
        .as(RunRecord.ENCODER)
        .collectAsList()
        .stream()
        .findFirst();
  }

  /** A run id names one job's run: another job may not take it over. */
  private void requireOwnRun(String job, String runId, List<Row> known) {
    for (Row r : known) {
      if (r.getString(0).equals(runId) && !r.getString(1).equals(job)) {
        throw new InvalidConfigException(
            "run id '"
                + runId
                + "' already belongs to a "
                + r.getString(1)
                + " run in "
                + warehouse.path(Warehouse.RUNS)
                + "; give this "
                + job
                + " run another --run-id");
      }
    }
  }

  private void write(String runId, LocalDate date, RunRecord run) {
    warehouse.writeRun(
        Warehouse.RUNS,
        runId,
        date,
        Tables.toTable(spark.createDataset(List.of(run), RunRecord.ENCODER)));
    LOG.info("Run {} ({}) recorded as {}", runId, run.getJob(), run.getStatus());
  }

  private static String describe(Throwable e) {
    String message = e.getMessage() == null ? "" : ": " + e.getMessage();
    String text = e.getClass().getName() + message;
    return text.length() > 4000 ? text.substring(0, 4000) : text;
  }

  private static Timestamp now() {
    return new Timestamp(System.currentTimeMillis());
  }

  /** The application version from the jar's manifest ("dev" when run from classes). */
  public static String appVersion() {
    String v = RunRecorder.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
