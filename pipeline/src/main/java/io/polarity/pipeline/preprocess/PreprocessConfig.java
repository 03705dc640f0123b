package io.polarity.pipeline.preprocess;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.config.RunIds;
import io.polarity.pipeline.config.Settings;
import java.io.Serializable;

/**
 * Typed configuration of the preprocess job, read from the {@code preprocess} section; {@code
 * rendered} is that section as HOCON, stored beside the features it produced.
 */
public record PreprocessConfig(
    String runId,
    String input,
    String output,
    NormalizerConfig normalizer,
    int ngramMax,
    int minDocFreq,
    int maxUnigrams,
    int maxNgrams,
    int maxTokens,
    Truncate truncate,
    String reuseVocabulary,
    String rendered)
    implements Serializable {

  public static final String SECTION = "preprocess";
  public static final String INPUT = "preprocess.input";
  public static final String OUTPUT = "preprocess.output";
  public static final String RUN_ID = "preprocess.run-id";
  public static final String VOCABULARY = "preprocess.vocabulary.reuse";

  /** Which end of a long review the token sequence keeps. */
  public enum Truncate {
    HEAD,
    TAIL
  }

  public static PreprocessConfig from(Config root) {
    Settings s = Settings.of(root, SECTION);
    Settings vocabulary = s.section("vocabulary");
    Settings sequence = s.section("sequence");
    PreprocessConfig config =
        new PreprocessConfig(
            RunIds.orGenerate(s, "run-id", "preprocess"),
            s.string("input"),
            s.string("output"),
            NormalizerConfig.from(s.section("normalise")),
            s.intIn("ngrams", 1, 3),
            vocabulary.intIn("min-doc-freq", 1, 1_000_000),
            vocabulary.intIn("max-unigrams", 1, 10_000_000),
            vocabulary.intIn("max-ngrams", 0, 50_000_000),
            sequence.intIn("max-tokens", 1, 100_000),
            sequence.oneOf("truncate", Truncate.class),
            vocabulary.optionalString("reuse"),
            "preprocess "
                + s.raw().root().render(ConfigRenderOptions.defaults().setOriginComments(false)));
    if (config.input().equals(config.output())) {
      throw new InvalidConfigException(
          "preprocess.output must differ from preprocess.input, but both were: " + config.input());
    }
    return config;
  }
}
