package io.polarity.model.train;

import io.polarity.pipeline.warehouse.RunOutcome;
import java.util.List;

/**
 * The outcome of a train run: where the model is, the epochs run (one row each), the best epoch,
 * and whether early stopping ended it.
 */
public record TrainResult(
    String runId,
    String modelDirectory,
    List<EpochMetrics> epochs,
    int bestEpoch,
    boolean stoppedEarly,
    long trainExamples) {

  public EpochMetrics best() {
    return epochs.stream().filter(e -> e.getEpoch() == bestEpoch).findFirst().orElseThrow();
  }

  /** The {@code runs} row's outcome: training examples of {@code input}, epochs, the model. */
  public RunOutcome runOutcome(String input) {
    return new RunOutcome(
        List.of(input), trainExamples, epochs.size(), modelDirectory, modelDirectory);
  }
}
