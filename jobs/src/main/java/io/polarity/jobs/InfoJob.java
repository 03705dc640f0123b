package io.polarity.jobs;

import io.polarity.model.BackendInfo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code polarity info}: what this installation runs on: Spark version and master, executors, and
 * the ND4J backend on the driver and on each executor (CPU or CUDA, and devices).
 */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description =
        "Prints the Spark version and master and the ND4J backend of driver and executors.")
public final class InfoJob implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    SparkSession spark = SparkSessions.forJob("info");
    try {
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          "Spark "
              + spark.version()
              + ", master "
              + spark.sparkContext().master()
              + ", default parallelism "
              + spark.sparkContext().defaultParallelism());
      out.println("driver:    " + BackendInfo.current());
      int slots = spark.sparkContext().defaultParallelism();
      java.util.List<String> executors =
          spark
              .range(0, slots, 1, slots)
              .javaRDD()
              .map(i -> BackendInfo.current().toString())
              .distinct()
              .collect();
      executors.forEach(e -> out.println("executors: " + e));
      out.flush();
      return 0;
    } finally {
      spark.stop();
    }
  }
}
