package io.polarity.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which ND4J backend this JVM computes on (CPU with OpenBLAS/OneDNN, or CUDA) and on which devices,
 * so that every job can log where its numbers came from.
 *
 * @param gpus one "name (memory)" entry per CUDA device; empty on the CPU backend
 * @param why why this JVM computes on that backend ({@link BackendSelection})
 */
public record BackendInfo(
    String backend, String blasVendor, int devices, int cores, List<String> gpus, String why) {

  /**
   * Initialises ND4J (loading its native libraries, on the backend {@link BackendSelection} chose)
   * if needed and describes it.
   */
  public static BackendInfo current() {
    String why = BackendSelection.select();
    Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
    List<String> gpus = new ArrayList<>();
    if (env.get("cuda.devicesInformation") instanceof List<?> devices) {
      for (Object d : devices) {
        if (d instanceof Map<?, ?> m) {
          Object memory = m.get("cuda.totalMemory");
          gpus.add(
              m.get("cuda.deviceName")
                  + (memory instanceof Number n
                      ? String.format(
                          java.util.Locale.ROOT, " (%.1f GiB)", n.doubleValue() / (1L << 30))
                      : ""));
        }
      }
    }
    return new BackendInfo(
        String.valueOf(env.getOrDefault("backend", Nd4j.getBackend().getClass().getSimpleName())),
        String.valueOf(env.getOrDefault("blas.vendor", "unknown")),
        Nd4j.getAffinityManager().getNumberOfDevices(),
        Integer.parseInt(String.valueOf(env.getOrDefault("cores", "0"))),
        List.copyOf(gpus),
        why);
  }

  @Override
  public String toString() {
    return "ND4J backend "
        + backend
        + " (BLAS "
        + blasVendor
        + "), "
        + devices
        + " device(s)"
        + (gpus.isEmpty() ? "" : " " + gpus)
        + ", "
        + cores
        + " core(s) ["
        + why
        + "]";
  }
}
