package io.polarity.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackendInfoTest {
  @Test
  void theDefaultBuildComputesOnTheCpuBackend() {
    BackendInfo info = BackendInfo.current();

    assertThat(info.backend()).isEqualTo("CPU");
    assertThat(info.devices()).isEqualTo(1);
    assertThat(info.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(info.toString()).startsWith("ND4J backend CPU (BLAS ").endsWith("[CPU build]");
  }
}
