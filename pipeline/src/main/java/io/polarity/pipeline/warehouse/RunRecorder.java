package io.polarity.pipeline.warehouse;

import static org.apache.spark.sql.functions.col;

import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.io.Tables;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.sql.Encoders;
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

  public RunRecorder(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
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
    requireOwnRun(job, runId);
    LocalDate date = warehouse.beginRun(runId);
    RunRecord run = new RunRecord();
    run.setJob(job);
    run.setStatus(RunRecord.RUNNING);
    run.setStartTime(now());
    run.setAppVersion(appVersion());
    run.setConfig(configJson);
    run.setInputPaths(List.of());
    write(runId, date, run);
    try {
      R result = body.get();
      RunOutcome o = outcome.apply(result);
      run.setStatus(RunRecord.SUCCEEDED);
      run.setEndTime(now());
      run.setInputPaths(o.inputPaths());
      run.setInputRows(o.inputRows());
      run.setOutputRows(o.outputRows());
      run.setOutputPath(o.outputPath());
      run.setModelPath(o.modelPath());
      write(runId, date, run);
      return result;
    } catch (Throwable e) { // Spark's own failures (SparkException, AnalysisException) are checked
      run.setStatus(RunRecord.FAILED);
      run.setEndTime(now());
      run.setError(describe(e));
      try {
        warehouse.deleteRun(runId, Set.of(Warehouse.RUNS));
        write(runId, date, run);
      } catch (RuntimeException recordFailure) {
        e.addSuppressed(recordFailure);
      }
      throw e;
    }
  }

  /** A run id names one job's run: another job may not take it over. */
  private void requireOwnRun(String job, String runId) {
    if (!warehouse.exists(Warehouse.RUNS)) {
      return;
    }
    List<String> other =
        warehouse
            .table(Warehouse.RUNS)
            .filter(col("run_id").equalTo(runId).and(col("job").notEqual(job)))
            .select("job")
            .as(Encoders.STRING())
            .collectAsList();
    if (!other.isEmpty()) {
      throw new InvalidConfigException(
          "run id '"
              + runId
              + "' already belongs to a "
              + other.get(0)
              + " run in "
              + warehouse.path(Warehouse.RUNS)
              + "; give this "
              + job
              + " run another --run-id");
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
