package io.polarity.model.score;

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
    String predictions) {}
