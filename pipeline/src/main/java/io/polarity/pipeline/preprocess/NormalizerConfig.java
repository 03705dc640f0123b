package io.polarity.pipeline.preprocess;

import io.polarity.pipeline.config.Settings;
import java.io.Serializable;

/**
 * Settings of {@link TextNormalizer}, under {@code preprocess.normalise}. They are stored with the
 * vocabulary, so that a model is always scored with the normalisation it was trained with.
 */
public record NormalizerConfig(
    boolean lowercase,
    boolean urls,
    boolean emails,
    int digitRun,
    boolean splitContractions,
    UnspacedScripts unspacedScripts)
    implements Serializable {

  /**
   * How the words of scripts written without spaces between words (Han, Hiragana, Katakana, Thai,
   * Lao, Khmer, Myanmar) become tokens; text in other scripts is never affected.
   */
  public enum UnspacedScripts {
    /**
     * Han and kana one character per token (the n-gram vocabulary adds their bigrams, and trigrams
     * where {@code preprocess.ngrams} is 3); Thai, Lao, Khmer and Myanmar as dictionary words.
     */
    CHARACTERS,
    /** Dictionary words of every such script (ICU's word segmentation). */
    WORDS,
    /**
     * The dictionary words, followed by the Han and kana characters of the text one per token, in
     * their order: the n-gram vocabulary gets word n-grams and character n-grams.
     */
    WORDS_AND_CHARACTERS,
    /**
     * A run of letters is one token, as before 2026-12-07: a clause of Chinese becomes one token.
     * Vocabularies built before this setting existed read as this, so that their models score as
     * they were trained.
     */
    RUNS
  }

  public NormalizerConfig {
    if (unspacedScripts == null) {
      unspacedScripts = UnspacedScripts.RUNS;
    }
  }

  public static NormalizerConfig from(Settings s) {
    return new NormalizerConfig(
        s.bool("lowercase"),
        s.bool("replace-urls"),
        s.bool("replace-emails"),
        s.intIn("digit-run", 0, 100),
        s.bool("split-contractions"),
        s.oneOf("unspaced-scripts", UnspacedScripts.class));
  }

  /** The defaults: everything on, digit runs of 5 or more replaced, dictionary words. */
  public static NormalizerConfig defaults() {
    return new NormalizerConfig(true, true, true, 5, true, UnspacedScripts.WORDS);
  }
}
