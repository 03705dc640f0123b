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
    return run(forJob(job), spec, stage, summary);
  }

  private static <R> int run(
      SparkSession spark,
      CommandSpec spec,
      Function<SparkSession, R> stage,
      Function<R, String> summary) {
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

  /** {@link #run} with a session set up for DL4J: Kryo with ND4J's registrator. */
  static <R> int runTraining(
      String job, CommandSpec spec, Function<SparkSession, R> stage, Function<R, String> summary) {
    return run(forTraining(job), spec, stage, summary);
  }

  /**
   * The session for jobs that move ND4J arrays between JVMs: Kryo with ND4J's registrator (set
   * before the SparkContext exists, as it must be).
   */
  static SparkSession forTraining(String job) {
    return SparkSession.builder()
        .appName("polarity-" + job)
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")
        .getOrCreate();
  }

  static SparkSession forJob(String job) {
    return SparkSession.builder().appName("polarity-" + job).getOrCreate();
  }
}
