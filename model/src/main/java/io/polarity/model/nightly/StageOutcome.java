package io.polarity.model.nightly;

import java.util.Locale;

/**
 * What one stage of a nightly run did.
 *
 * @param stage ingest, preprocess, train, evaluate, promote or score
 * @param runId the stage's run id ({@code <nightly run id>.<stage>}), or the earlier run whose
 *     output a skipped stage kept
 * @param status succeeded, resumed (train continued from a checkpoint), skipped or failed
 * @param seconds wall time, skipped stages included
 * @param detail why it was skipped, or what it decided
 */
public record StageOutcome(
    String stage, String runId, String status, double seconds, String detail) {
  public static final String SUCCEEDED = "succeeded";
  public static final String RESUMED = "resumed";
  public static final String SKIPPED = "skipped";
  public static final String FAILED = "failed";

  /** E.g. {@code train resumed 41.2 s}. */
  public String brief() {
    return String.format(Locale.ROOT, "%s %s %.1f s", stage, status, seconds);
  }
}
