package io.polarity.jobs;

import java.io.PrintWriter;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Builds the jobs' SparkSession. The master, memory and cluster settings come from spark-submit
 * (the launcher passes {@code --master} and {@code --conf spark.*}); only what Polarity itself
 * relies on is set here.
 */
final class SparkSessions {
  private SparkSessions() {}

  /**
   * Builds the session, runs one stage, prints the summary of its result and stops the session
   * whatever happens; returns the exit status 0.
   */
  static <R> int run(
      String job, CommandSpec spec, Function<SparkSession, R> stage, Function<R, String> summary) {
    SparkSession spark = forJob(job);
    try {
      R result = stage.apply(spark);
      PrintWriter out = spec.commandLine().getOut();
      out.print(summary.apply(result));
      out.flush();
      return 0;
    } finally {
      spark.stop();
    }
  }

  static SparkSession forJob(String job) {
    return SparkSession.builder()
        .appName("polarity-" + job)
        // re-runs over the same paths overwrite only what they rewrite
        .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
        .getOrCreate();
  }
}
