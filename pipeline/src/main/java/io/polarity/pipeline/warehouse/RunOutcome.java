package io.polarity.pipeline.warehouse;

import java.util.List;
import java.util.Map;

/**
 * What a finished job run reports to the {@code runs} table.
 *
 * @param inputPaths what it read
 * @param inputRows rows (records, reviews, examples) it read
 * @param outputRows rows it wrote to its main output
 * @param outputPath its main output
 * @param modelPath the model it trained or evaluated; null for jobs without one
 * @param detail what it decided, in words; null when there is nothing to say
 * @param stageSeconds a nightly run's seconds per stage; null for the others
 */
public record RunOutcome(
    List<String> inputPaths,
    long inputRows,
    long outputRows,
    String outputPath,
    String modelPath,
    String detail,
    Map<String, Double> stageSeconds) {

  public RunOutcome(
      List<String> inputPaths,
      long inputRows,
      long outputRows,
      String outputPath,
      String modelPath) {
    this(inputPaths, inputRows, outputRows, outputPath, modelPath, null, null);
  }

  /** This outcome, with {@code detail} saying what the run decided. */
  public RunOutcome withDetail(String detail) {
    return new RunOutcome(
        inputPaths, inputRows, outputRows, outputPath, modelPath, detail, stageSeconds);
  }
}
