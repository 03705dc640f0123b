package io.polarity.model.evaluate;

import io.polarity.pipeline.warehouse.RunOutcome;
import java.util.List;

/**
 * What an evaluation did: which model it scored on which split, how many reviews, what it found,
 * and where its report went (null when none was drawn).
 */
public record EvaluateResult(
    String runId,
    String modelRunId,
    String modelDirectory,
    String input,
    String split,
    long reviews,
    MetricsReport report,
    String reportImage,
    String warehouse) {

  /** The {@code runs} row's outcome: reviews scored, metrics written under {@code output}. */
  public RunOutcome runOutcome(String output) {
    return new RunOutcome(
        List.of(input), reviews, report.metrics().size(), output + "/" + runId, modelDirectory);
  }
}
