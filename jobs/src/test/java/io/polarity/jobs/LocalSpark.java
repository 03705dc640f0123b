package io.polarity.jobs;

import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For tests that run the jobs through the command line, as spark-submit would: the system
 * properties that make each job's SparkSession a small {@code local[2]} one, set before the test
 * class's own {@code @BeforeAll} methods and cleared after the class.
 */
final class LocalSpark implements BeforeAllCallback, AfterAllCallback {
  private static final Map<String, String> PROPERTIES =
      Map.of(
          "spark.master", "local[2]",
          "spark.ui.enabled", "false",
          "spark.sql.shuffle.partitions", "4");

  @Override
  public void beforeAll(ExtensionContext context) {
    PROPERTIES.forEach(System::setProperty);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    PROPERTIES.keySet().forEach(System::clearProperty);
  }
}
