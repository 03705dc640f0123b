package io.polarity.model.evaluate;

import com.typesafe.config.Config;
import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.config.RunIds;
import io.polarity.pipeline.config.Settings;
import io.polarity.pipeline.preprocess.PreprocessConfig;
import io.polarity.pipeline.warehouse.Warehouse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Typed configuration of the evaluate job, read from the {@code evaluate} section.
 *
 * @param model a model run directory (with model.zip and model-card.json); null: look it up
 * @param modelRunId a train run id under {@code models}; null with a null model: the latest
 *     succeeded train run in the warehouse
 * @param input a preprocess output whose vocabulary the model was trained with; null: the one the
 *     model was trained on
 * @param split the split to score, or {@code all} for every labelled review; null: test, or
 *     validation when there is no labelled test row
 * @param threshold binary models: the positive class is predicted at or above this probability
 * @param lengthBuckets lower bounds (in tokens) of the review-length slices, ascending from 0
 * @param maxTokens when scoring an ingest output and the model's preprocess.conf is missing: token
 *     ids kept per review (preprocess.sequence)
 * @param keepTail likewise: keep the end of long reviews rather than the head
 */
public record EvaluateConfig(
    String runId,
    String model,
    String modelRunId,
    String models,
    String input,
    String split,
    String output,
    String warehouse,
    double threshold,
    int calibrationBins,
    boolean sliceBySource,
    int[] lengthBuckets,
    boolean predictions,
    boolean report,
    int maxTokens,
    boolean keepTail) {

  public static final String SECTION = "evaluate";
  public static final String MODEL = "evaluate.model";
  public static final String MODEL_RUN_ID = "evaluate.model-run-id";
  public static final String INPUT = "evaluate.input";
  public static final String SPLIT = "evaluate.split";
  public static final String OUTPUT = "evaluate.output";
  public static final String RUN_ID = "evaluate.run-id";

  /** The split value that scores every labelled review of the input, whatever its split. */
  public static final String ALL_SPLITS = "all";

  private static final List<String> SPLITS = List.of("train", "validation", "test", ALL_SPLITS);

  /**
   * The split to evaluate on when none is set: test when {@code input} has labelled test reviews,
   * else validation; fails, naming the labelled reviews per split, when it has neither.
   */
  public static String defaultSplit(Map<String, Long> labelledPerSplit, String input) {
    for (String split : List.of("test", "validation")) {
      if (labelledPerSplit.getOrDefault(split, 0L) > 0) {
        return split;
      }
    }
    throw new IllegalStateException(
        "no labelled review in the test or validation split of "
            + input
            + " (labelled reviews per split: "
            + labelledPerSplit
            + ")");
  }

  public static EvaluateConfig from(Config root) {
    Settings s = Settings.of(root, SECTION);
    Settings slices = s.section("slices");
    PreprocessConfig sequence = PreprocessConfig.from(root);
    String model = s.optionalString("model");
    String modelRunId = s.optionalString("model-run-id");
    if (model != null && modelRunId != null) {
      throw new InvalidConfigException(
          MODEL
              + " and "
              + MODEL_RUN_ID
              + " name the model twice: set one, but both were set ('"
              + model
              + "', '"
              + modelRunId
              + "')");
    }
    String split = s.optionalString("split");
    if (split != null && !SPLITS.contains(split)) {
      throw new InvalidConfigException(
          SPLIT + " must be one of " + SPLITS + " or empty, but was: " + split);
    }
    int[] buckets;
    try {
      buckets = slices.raw().getIntList("length-buckets").stream().mapToInt(i -> i).toArray();
    } catch (com.typesafe.config.ConfigException e) {
      throw new InvalidConfigException(
          "evaluate.slices.length-buckets must be a list of whole numbers, e.g. [0, 100, 250]", e);
    }
    for (int i = 0; i < buckets.length; i++) {
      if ((i == 0 && buckets[0] != 0) || (i > 0 && buckets[i] <= buckets[i - 1])) {
        throw new InvalidConfigException(
            "evaluate.slices.length-buckets must start at 0 and increase, but was: "
                + Arrays.toString(buckets));
      }
    }
    return new EvaluateConfig(
        RunIds.orGenerate(s, "run-id", "evaluate"),
        model,
        modelRunId,
        Settings.of(root, "train").string("output"),
        s.optionalString("input"),
        split,
        s.string("output"),
        Warehouse.root(root),
        s.doubleIn("threshold", 0.0, 1.0),
        s.intIn("calibration-bins", 2, 1000),
        slices.bool("by-source"),
        buckets,
        s.bool("predictions"),
        s.bool("report"),
        sequence.maxTokens(),
        sequence.truncate() == PreprocessConfig.Truncate.TAIL);
  }
}
