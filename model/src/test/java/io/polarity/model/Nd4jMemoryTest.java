package io.polarity.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class Nd4jMemoryTest {
  @Test
  void limitsGoToTheExecutorsNextToTheirOwnOptions() {
    Nd4jMemory memory =
        Nd4jMemory.from(GeneratedFeatures.conf("nd4j { max-off-heap = 3g, max-physical = 8g }"));

    assertThat(memory.sparkSettings("-XX:+UseG1GC", false))
        .containsExactly(
            Map.entry("spark.executor.memoryOverhead", "3456m"),
            Map.entry(
                "spark.executor.extraJavaOptions",
                "-XX:+UseG1GC -Dorg.bytedeco.javacpp.maxbytes=3g"
                    + " -Dorg.bytedeco.javacpp.maxphysicalbytes=8g"));
  }

  @Test
  void anOverheadGivenToSparkSubmitStays() {
    Nd4jMemory memory = Nd4jMemory.from(GeneratedFeatures.conf("nd4j.max-off-heap = 512m"));

    assertThat(memory.sparkSettings("", true))
        .containsExactly(
            Map.entry("spark.executor.extraJavaOptions", "-Dorg.bytedeco.javacpp.maxbytes=512m"));
  }

  @Test
  void theDefaultsChangeNothing() {
    assertThat(Nd4jMemory.from(GeneratedFeatures.conf("")).sparkSettings("", false)).isEmpty();
  }

  @Test
  void aSizeMustBeASize() {
    assertThatThrownBy(() -> Nd4jMemory.from(GeneratedFeatures.conf("nd4j.max-off-heap = lots")))
        .hasMessage(
            "nd4j.max-off-heap must be a size such as 512m or 4g, or empty, but was: 'lots'");
  }
}
