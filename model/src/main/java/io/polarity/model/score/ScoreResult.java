package io.polarity.model.score;

import io.polarity.pipeline.warehouse.RunOutcome;
import java.util.List;

/**
 * What a score run did: which model scored how many reviews of which input, and where the
 * predictions went.
 *
 * @param reviews reviews in the input's table (an ingest output's reviews, a preprocess output's
 *     feature rows)
 * @param scored predictions written, counted from the table as written
 */
public record ScoreResult(
    String runId,
    String modelRunId,
    String modelDirectory,
    boolean champion,
    String input,
    long reviews,
    long scored,
    String predictions) {

  /** The {@code runs} row's outcome: reviews of the input, predictions written, the model. */
  public RunOutcome runOutcome() {
    return new RunOutcome(List.of(input), reviews, scored, predictions, modelDirectory);
  }
}
