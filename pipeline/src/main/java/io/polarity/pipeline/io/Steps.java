package io.polarity.pipeline.io;

import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;

/**
 * Names the Spark jobs of a stage's steps (so the Spark UI tells them apart) and logs how long each
 * step took when the next one starts.
 */
public final class Steps {
  private final SparkSession spark;
  private final Logger log;
  private String current;
  private long started;

  public Steps(SparkSession spark, Logger log) {
    this.spark = spark;
    this.log = log;
  }

  /** Ends the current step, if any, and starts {@code what}. */
  public void next(String what) {
    finish();
    current = what;
    started = System.nanoTime();
    spark.sparkContext().setJobDescription(what);
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
}
