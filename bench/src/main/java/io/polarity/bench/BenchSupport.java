package io.polarity.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.polarity.pipeline.config.ConfigLoader;
import java.util.List;

/** What the benchmark programs share: configuration from HOCON text, timing, medians. */
final class BenchSupport {
  private BenchSupport() {}

  /** The built-in defaults under the given HOCON text. */
  static Config conf(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigLoader.defaults()).resolve();
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** The median of one column of per-round timings. */
  static double median(List<double[]> rows, int column) {
    double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
