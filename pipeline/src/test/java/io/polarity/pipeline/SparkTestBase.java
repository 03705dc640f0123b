package io.polarity.pipeline;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * The one Spark test base: a {@code local[2]} session named after the test class, started once per
 * class and stopped after it. Tests write their outputs under a JUnit {@code @TempDir}.
 *
 * <p>Where ND4J is on the test classpath (the model and jobs modules), the session serialises with
 * Kryo and Polarity's registrator for ND4J arrays, as the train and evaluate jobs do in production.
 */
public abstract class SparkTestBase {
  private static final String ND4J_REGISTRATOR = "io.polarity.model.train.ArrayKryoRegistrator";
  protected static SparkSession spark;

  private static boolean onClasspath(String className) {
    try {
      Class.forName(className, false, SparkTestBase.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  @BeforeAll
  static void startSpark(TestInfo info) {
    SparkSession.Builder builder = SparkSession.builder();
    if (onClasspath(ND4J_REGISTRATOR)) {
      builder
          .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
          .config("spark.kryo.registrator", ND4J_REGISTRATOR);
    }
    spark =
        builder
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
