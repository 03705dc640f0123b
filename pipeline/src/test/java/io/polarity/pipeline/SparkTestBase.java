package io.polarity.pipeline;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * The one Spark test base: a {@code local[2]} session named after the test class, started once per
 * class and stopped after it. Tests write their outputs under a JUnit {@code @TempDir}.
 */
public abstract class SparkTestBase {
  protected static SparkSession spark;

  @BeforeAll
  static void startSpark(TestInfo info) {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName(info.getTestClass().map(Class::getSimpleName).orElse("polarity-test"))
            .config("spark.ui.enabled", false)
            .config("spark.sql.shuffle.partitions", 4)
            .config("spark.default.parallelism", 4)
            .config("spark.driver.host", "localhost")
            .getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
      spark = null;
    }
  }
}
