package io.polarity.system;

import java.nio.file.Path;

/**
 * The Spark line this build made and these tests run on ({@code spark.line} in pom.xml: spark4, or
 * spark3.5 with {@code -Pspark-3.5}): its application jar, its runtime and its Scala version.
 */
public final class SparkLine {
  private SparkLine() {}

  /** spark4 or spark3.5. */
  public static String name() {
    return System.getProperty("polarity.spark.line", "spark4");
  }

  /** The Scala binary version of the line's Spark, as SPARK_SCALA_VERSION wants it. */
  public static String scalaVersion() {
    return System.getProperty("polarity.scala.binary.version", "2.13");
  }

  /** jobs/target/polarity-app-&lt;line&gt;.jar of {@code repository}. */
  public static Path appJar(Path repository) {
    return repository.resolve("jobs/target/polarity-app-" + name() + ".jar");
  }

  /** The SPARK_HOME that spark-runtime assembles for the line. */
  public static Path sparkHome(Path repository) {
    return repository.resolve("spark-runtime/target/spark-home-" + name());
  }
}
