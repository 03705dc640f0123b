package io.polarity.model;

import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which ND4J backend this JVM computes on (CPU with OpenBLAS/OneDNN, or CUDA) and how many devices
 * it sees, so that every job can log where its numbers came from.
 */
public record BackendInfo(String backend, String blasVendor, int devices, int cores) {

  /** Initialises ND4J (loading its native libraries) if needed and describes it. */
  public static BackendInfo current() {
    Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
    return new BackendInfo(
        String.valueOf(env.getOrDefault("backend", Nd4j.getBackend().getClass().getSimpleName())),
        String.valueOf(env.getOrDefault("blas.vendor", "unknown")),
        Nd4j.getAffinityManager().getNumberOfDevices(),
        Integer.parseInt(String.valueOf(env.getOrDefault("cores", "0"))));
  }

  @Override
  public String toString() {
    return "ND4J backend "
        + backend
        + " (BLAS "
        + blasVendor
        + "), "
        + devices
        + " device(s), "
        + cores
        + " core(s)";
  }
}
