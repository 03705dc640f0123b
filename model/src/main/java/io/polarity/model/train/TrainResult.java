package io.polarity.model.train;

import io.polarity.pipeline.warehouse.RunOutcome;
import java.util.List;

/**
 * The outcome of a train run: where the model is, the epochs run (one row each), the best epoch,
 * whether early stopping ended it, and the newer checkpoints a resume skipped because they could
 * not be read (one line each).
 */
public record TrainResult(
    String runId,
    String modelDirectory,
    List<EpochMetrics> epochs,
    int bestEpoch,
    boolean stoppedEarly,
    long trainExamples,
    List<String> skippedCheckpoints) {

  public EpochMetrics best() {
    return epochs.stream().filter(e -> e.getEpoch() == bestEpoch).findFirst().orElseThrow();
  }

  /** The {@code runs} row's outcome: training examples of {@code input}, epochs, the model. */
  public RunOutcome runOutcome(String input) {
    RunOutcome outcome =
        new RunOutcome(
            List.of(input), trainExamples, epochs.size(), modelDirectory, modelDirectory);
    return skippedCheckpoints.isEmpty() ? outcome : outcome.withDetail(resumeNote());
  }

  /** What a resume that skipped unreadable checkpoints says; empty when it skipped none. */
  public String resumeNote() {
    if (skippedCheckpoints.isEmpty()) {
      return "";
    }
    return "resumed from an older checkpoint: skipped unreadable "
        + String.join("; ", skippedCheckpoints);
  }
}
