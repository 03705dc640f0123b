package io.polarity.pipeline.io;

import java.util.Locale;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;

/**
 * The Spark job group of one stage run and the description of each of its steps, so the Spark UI
 * tells stages and steps apart; logs how long each step took when the next one starts. The one
 * owner of the job group: whoever must stop a stage's jobs from outside uses Spark's job tags (the
 * nightly run's stop), or this class ({@link Termination}: a signal cancels the group, and no next
 * step starts). Opened when the stage starts and closed when it ends, which clears the group
 * whatever happened:
 *
 * <pre>{@code
 * try (Steps steps = new Steps(spark, "ingest", runId, LOG)) {
 *   steps.next("ingest: read and validate");
 *   ...
 * }
 * }</pre>
 */
public final class Steps implements AutoCloseable {
  private final SparkContext sc;
  private final Logger log;
  private final Termination.Registration stopper;
  private String current;
  private long started;

  /** Sets the job group {@code <job>-<runId>} ("{@code <job> <runId>}" in the UI). */
  public Steps(SparkSession spark, String job, String runId, Logger log) {
    this.sc = spark.sparkContext();
    this.log = log;
    String group = job + "-" + runId;
    sc.setJobGroup(group, job + " " + runId, false /* no interrupt on cancel */);
    this.stopper = Termination.stopper(job + " " + runId, () -> sc.cancelJobGroup(group));
  }

  /**
   * Ends the current step, if any, and starts {@code what}; fails once the JVM was told to stop.
   */
  public void next(String what) {
    Termination.check();
    finish();
    current = what;
    started = System.nanoTime();
    sc.setJobDescription(what);
  }

  /** Ends the current step. */
  public void finish() {
    if (current != null) {
      log.info(
          "{} took {} s",
          current,
          String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
      current = null;
    }
  }

  /** Ends the current step and clears the job group. */
  @Override
  public void close() {
    stopper.close();
    finish();
    sc.clearJobGroup(); // and the description
  }
}
