package io.polarity.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4jBackend;

class BackendSelectionTest {
  @Test
  void theCpuBuildSaysSo() {
    assertThat(BackendSelection.select()).isEqualTo("CPU build");
  }

  /** The app jar merges both backends' service files into one; the CUDA line must go. */
  @Test
  void hidesTheCudaBackendFromNd4jsServiceLookup(@TempDir Path dir) throws Exception {
    Path services = dir.resolve(BackendSelection.SERVICE);
    Files.createDirectories(services.getParent());
    Files.writeString(
        services,
        "org.nd4j.linalg.jcublas.JCublasBackend\norg.nd4j.linalg.cpu.nativecpu.CpuBackend\n");
    try (URLClassLoader jar = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      ClassLoader hiding = new BackendSelection.WithoutBackend(jar, "jcublas");

      List<String> entries = new ArrayList<>();
      for (URL url : Collections.list(hiding.getResources(BackendSelection.SERVICE))) {
        try (InputStream in = url.openStream()) {
          entries.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        }
      }
      assertThat(entries).containsExactly("org.nd4j.linalg.cpu.nativecpu.CpuBackend");
    }
  }

  @Test
  void nd4jStillFindsTheCpuBackendThroughTheHidingLoader() {
    ClassLoader hiding =
        new BackendSelection.WithoutBackend(getClass().getClassLoader(), "jcublas");

    List<String> backends =
        ServiceLoader.load(Nd4jBackend.class, hiding).stream()
            .map(p -> p.type().getSimpleName())
            .toList();

    assertThat(backends).containsExactly("CpuBackend");
  }
}
