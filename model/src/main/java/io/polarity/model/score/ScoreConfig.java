package io.polarity.model.score;

import com.typesafe.config.Config;
import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.config.RunIds;
import io.polarity.pipeline.config.Settings;
import io.polarity.pipeline.preprocess.PreprocessConfig;
import io.polarity.pipeline.warehouse.Warehouse;

/**
 * Typed configuration of the score job, read from the {@code score} section.
 *
 * @param input an ingest output (its reviews featurised with the model's vocabulary) or a
 *     preprocess output built with that vocabulary
 * @param output the predictions table's root: each run writes {@code
 *     run_date=<date>/run_id=<run-id>/} below it
 * @param model a train run directory; null: the registry's champion
 * @param warehouse the warehouse root, whose registry names the champion
 * @param threshold binary models: the second label is predicted at or above this probability
 * @param maxTokens when the model's preprocess.conf is missing: token ids kept per review
 * @param keepTail likewise: keep the end of long reviews rather than the head
 */
public record ScoreConfig(
    String runId,
    String input,
    String output,
    String model,
    String warehouse,
    double threshold,
    int maxTokens,
    boolean keepTail) {

  public static final String SECTION = "score";
  public static final String INPUT = "score.input";
  public static final String OUTPUT = "score.output";
  public static final String MODEL = "score.model";
  public static final String RUN_ID = "score.run-id";

  public static ScoreConfig from(Config root) {
    Settings s = Settings.of(root, SECTION);
    String input = s.optionalString("input");
    if (input == null) {
      throw new InvalidConfigException(
          INPUT + " must name an ingest or preprocess output to score (--input), but was empty");
    }
    PreprocessConfig sequence = PreprocessConfig.from(root);
    return new ScoreConfig(
        RunIds.orGenerate(s, "run-id", "score"),
        input,
        s.string("output"),
        s.optionalString("model"),
        Warehouse.root(root),
        s.doubleIn("threshold", 0.0, 1.0),
        sequence.maxTokens(),
        sequence.truncate() == PreprocessConfig.Truncate.TAIL);
  }
}
