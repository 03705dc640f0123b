package io.polarity.pipeline.preprocess;

import io.polarity.pipeline.config.Settings;
import java.io.Serializable;

/**
 * Settings of {@link TextNormalizer}, under {@code preprocess.normalise}. They are stored with the
 * vocabulary, so that a model is always scored with the normalisation it was trained with.
 */
public record NormalizerConfig(
    boolean lowercase, boolean urls, boolean emails, int digitRun, boolean splitContractions)
    implements Serializable {

  public static NormalizerConfig from(Settings s) {
    return new NormalizerConfig(
        s.bool("lowercase"),
        s.bool("replace-urls"),
        s.bool("replace-emails"),
        s.intIn("digit-run", 0, 100),
        s.bool("split-contractions"));
  }

  /** The defaults: everything on, digit runs of 5 or more replaced. */
  public static NormalizerConfig defaults() {
    return new NormalizerConfig(true, true, true, 5, true);
  }
}
