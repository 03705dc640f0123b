package io.polarity.model.evaluate;

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
    String warehouse) {}
