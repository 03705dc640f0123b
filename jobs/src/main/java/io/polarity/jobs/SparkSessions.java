package io.polarity.jobs;

import io.polarity.model.BackendPlugin;
import io.polarity.model.Nd4jMemory;
import io.polarity.model.train.ArrayKryoRegistrator;
import io.polarity.pipeline.warehouse.RunOutcome;
import io.polarity.pipeline.warehouse.RunRecorder;
import io.polarity.pipeline.warehouse.Warehouse;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.SparkConf;
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

  /**
   * {@link #run}, recording the run in the warehouse's {@code runs} table (running, then succeeded
   * with {@code outcome}, or failed with its metrics removed). Jobs that run DL4J pass their ND4J
   * memory settings and get a session set up for it; the others pass null.
   */
  static <R> int recorded(
      Recording run,
      Nd4jMemory nd4j,
      CommandSpec spec,
      Function<SparkSession, R> stage,
      Function<R, RunOutcome> outcome,
      Function<R, String> summary) {
    return run(
        nd4j != null ? forTraining(run.job(), nd4j) : forJob(run.job()),
        spec,
        spark ->
            new RunRecorder(spark, new Warehouse(spark, run.warehouseRoot()), run.liveness())
                .record(
                    run.job(), run.runId(), run.configJson(), () -> stage.apply(spark), outcome),
        summary);
  }

  /**
   * The session for jobs that move ND4J arrays between JVMs: Kryo with ND4J's registrations (arrays
   * in bulk: {@link ArrayKryoRegistrator}) and ND4J's off-heap limits (set before the SparkContext
   * exists, as they must be).
   */
  static SparkSession forTraining(String job, Nd4jMemory nd4j) {
    SparkSession.Builder builder =
        builder(job)
            .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
            .config("spark.kryo.registrator", ArrayKryoRegistrator.class.getName());
    SparkConf given = new SparkConf();
    if (!given.contains(BROADCAST_COMPRESS)) {
      // every averaging round broadcasts the network's floats, which LZ4 barely shrinks
      builder.config(BROADCAST_COMPRESS, false);
    }
    if (!given.contains(MAX_DIRECT_RESULT)) {
      // and gets each worker's back: sent with the task's status, not stored and fetched again
      builder.config(MAX_DIRECT_RESULT, "256m");
    }
    return nd4j.apply(builder).getOrCreate();
  }

  private static final String BROADCAST_COMPRESS = "spark.broadcast.compress";
  private static final String MAX_DIRECT_RESULT = "spark.task.maxDirectResultSize";

  static SparkSession forJob(String job) {
    return builder(job).getOrCreate();
  }

  /**
   * Names the app and adds Polarity's plugins to those spark-submit gave: {@link BackendPlugin}, so
   * that every JVM of the job picks its ND4J backend before it computes, and {@link
   * ExecutorLogging}, so that executors log as the driver does.
   */
  private static SparkSession.Builder builder(String job) {
    List<String> plugins = new ArrayList<>();
    for (String given : new SparkConf().get(PLUGINS, "").split(",")) {
      if (!given.isBlank()) {
        plugins.add(given.strip());
      }
    }
    for (Class<?> ours : List.of(BackendPlugin.class, ExecutorLogging.class)) {
      if (!plugins.contains(ours.getName())) {
        plugins.add(ours.getName());
      }
    }
    return SparkSession.builder()
        .appName("polarity-" + job)
        .config(PLUGINS, String.join(",", plugins));
  }

  private static final String PLUGINS = "spark.plugins";
}
