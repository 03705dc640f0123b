package io.polarity.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.polarity.pipeline.config.InvalidConfigException;
import java.io.EOFException;
import java.io.UncheckedIOException;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

class FailuresTest {
  @Test
  void onlyAnInvalidConfigurationIsAUsageError() {
    InvalidConfigException usage = new InvalidConfigException("train.epochs must be set");

    assertThat(Failures.usageError(usage)).isSameAs(usage);
    assertThat(Failures.usageError(new RuntimeException("wrapped", usage))).isSameAs(usage);
    assertThat(Failures.usageError(new IllegalArgumentException("from Hadoop"))).isNull();
    // thrown inside a Spark task, it was found while running
    assertThat(Failures.usageError(new SparkException("Job aborted", usage))).isNull();
  }

  @Test
  void namesTheRootCauseOnOneLine() {
    Exception e =
        new IllegalStateException(
            "Job aborted due to stage failure\nDriver stacktrace: ...",
            new UncheckedIOException("cannot read", new EOFException("Unexpected end of input")));

    assertThat(Failures.describe(e))
        .isEqualTo(
            "IllegalStateException: Job aborted due to stage failure"
                + " <- EOFException: Unexpected end of input");
  }

  @Test
  void saysWhatFailedWhenThereIsNoMessage() {
    NullPointerException npe = new NullPointerException();
    npe.setStackTrace(
        new StackTraceElement[] {new StackTraceElement("io.polarity.X", "run", "X.java", 42)});

    assertThat(Failures.describe(npe))
        .isEqualTo("java.lang.NullPointerException at io.polarity.X.run(X.java:42) (no message)");
    assertThat(Failures.describe(new RuntimeException(npe)))
        .startsWith("RuntimeException: java.lang.NullPointerException");
  }
}
