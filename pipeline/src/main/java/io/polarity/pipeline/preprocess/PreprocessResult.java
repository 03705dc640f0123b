package io.polarity.pipeline.preprocess;

import io.polarity.pipeline.warehouse.RunOutcome;
import java.util.List;

/**
 * The outcome of a preprocess run: counts ({@code read = featurized + quarantined}), the vocabulary
 * it built or reused, and the corpus report rows it wrote.
 */
public record PreprocessResult(
    String runId,
    String output,
    long read,
    long featurized,
    long quarantined,
    Vocabulary.Manifest vocabulary,
    List<ReportRow> report) {

  public static final String FEATURES = "features";

  /** The {@code runs} row's outcome: reviews read from {@code input}, feature rows written. */
  public RunOutcome runOutcome(String input) {
    return new RunOutcome(List.of(input), read, featurized, output, null);
  }

  public static final String VOCABULARY = "vocabulary";
  public static final String QUARANTINE = "quarantine";
  public static final String REPORT = "corpus_report";

  /**
   * Fails, naming the numbers, unless {@code read = featurized + quarantined}: {@code read} is
   * counted over the reviews read, the others from the tables as written.
   */
  public void requireBalanced() {
    if (read != featurized + quarantined) {
      throw new IllegalStateException(
          "preprocess counts do not add up: read "
              + read
              + ", but featurized "
              + featurized
              + " + quarantined "
              + quarantined
              + " = "
              + (featurized + quarantined)
              + "; the output was not committed");
    }
  }

  public ReportRow metric(String split, String metric) {
    return report.stream()
        .filter(r -> r.getSplit().equals(split) && r.getMetric().equals(metric))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("no report metric " + split + "/" + metric));
  }
}
