package io.polarity.pipeline.warehouse;

import java.util.List;

/**
 * What a finished job run reports to the {@code runs} table.
 *
 * @param inputPaths what it read
 * @param inputRows rows (records, reviews, examples) it read
 * @param outputRows rows it wrote to its main output
 * @param outputPath its main output
 * @param modelPath the model it trained or evaluated; null for jobs without one
 */
public record RunOutcome(
    List<String> inputPaths,
    long inputRows,
    long outputRows,
    String outputPath,
    String modelPath) {}
