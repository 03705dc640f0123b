package io.polarity.model.evaluate;

import java.util.List;

/**
 * Everything one evaluation measured, small enough for the driver: the rows of the warehouse's
 * evaluation tables (without run ids, which the warehouse adds).
 */
public record MetricsReport(
    List<Metric> metrics,
    List<ConfusionCell> confusion,
    List<CalibrationBin> calibration,
    List<RocPoint> roc) {

  /** A metric of a slice; {@code label} is null for metrics of the whole slice. */
  public record Metric(String slice, String label, String metric, double value) {}

  public record ConfusionCell(String slice, String actual, String predicted, long count) {}

  /**
   * A reliability bin: {@code [lower, upper)} of the scored probability (the positive class's for
   * binary models, the predicted class's otherwise), its mean, and how often the event happened.
   */
  public record CalibrationBin(
      String slice,
      int bin,
      double lower,
      double upper,
      double meanPredicted,
      double observedRate,
      long count) {}

  /** A point of the one-vs-rest ROC curve of {@code label} on the whole split. */
  public record RocPoint(String label, double fpr, double tpr, double threshold) {}

  /** The value of a whole-slice metric, or NaN when it was not defined. */
  public double value(String slice, String metric) {
    return metrics.stream()
        .filter(m -> m.slice().equals(slice) && m.label() == null && m.metric().equals(metric))
        .mapToDouble(Metric::value)
        .findFirst()
        .orElse(Double.NaN);
  }
}
