package io.polarity.pipeline.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedOutputTest {
  @TempDir Path dir;

  /** Throws a checked exception undeclared, as Scala code (Spark's jobs) does. */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void sneaky(Throwable e) throws E {
    throw (E) e;
  }

  private Path previousOutput() throws IOException {
    Path target = Files.createDirectories(dir.resolve("features"));
    Files.writeString(target.resolve("part-0"), "yesterday");
    return target;
  }

  @Test
  void aFailureOfAnyKindRemovesTheStagingAndLeavesThePreviousOutput() throws IOException {
    Path target = previousOutput();

    assertThatThrownBy(
            () -> {
              try (StagedOutput out =
                  new StagedOutput(new Configuration(), target.toString(), "r1")) {
                Files.writeString(
                    Files.createDirectories(Path.of(out.path("features"))).resolve("part-0"),
                    "half");
                sneaky(new IOException("No space left on device"));
              }
            })
        .isInstanceOf(IOException.class)
        .hasMessage("No space left on device");
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("features");
    }
    assertThat(target.resolve("part-0")).hasContent("yesterday");
  }

  @Test
  void aCommitReplacesTheTargetAndClosingKeepsIt() throws IOException {
    Path target = previousOutput();

    try (StagedOutput out = new StagedOutput(new Configuration(), target.toString(), "r2")) {
      Files.writeString(Files.createDirectories(Path.of(out.root())).resolve("part-0"), "today");
      out.commit();
    }

    assertThat(target.resolve("part-0")).hasContent("today");
    assertThat(StagedOutput.version(new Configuration(), target.toString()))
        .hasValueSatisfying(v -> assertThat(v).startsWith("r2 "));
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("features");
    }
  }
}
