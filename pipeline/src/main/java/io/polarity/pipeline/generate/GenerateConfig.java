package io.polarity.pipeline.generate;

import com.typesafe.config.Config;
import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.config.Settings;
import io.polarity.pipeline.ingest.InputFormat;

/** Typed configuration of the generate job, read from the {@code generate} section. */
public record GenerateConfig(
    String output,
    InputFormat format,
    long reviews,
    long seed,
    double labelNoise,
    double unlabeledFraction,
    double testFraction,
    int files,
    Compression compression) {

  public static final String SECTION = "generate";
  public static final String OUTPUT = "generate.output";
  public static final String FORMAT = "generate.format";
  public static final String REVIEWS = "generate.reviews";
  public static final String SEED = "generate.seed";

  /** Compression of generated JSON Lines files. */
  public enum Compression {
    NONE,
    GZIP,
    BZIP2
  }

  public static GenerateConfig from(Config root) {
    Settings s = Settings.of(root, SECTION);
    InputFormat format = s.oneOf("format", InputFormat.class);
    if (format == InputFormat.LINES) {
      throw new InvalidConfigException(
          FORMAT + " must be one of [aclimdb, csv, jsonl], but was: lines");
    }
    return new GenerateConfig(
        s.string("output"),
        format,
        s.longIn("reviews", 1, 10_000_000_000L),
        s.longIn("seed", Long.MIN_VALUE, Long.MAX_VALUE),
        s.doubleIn("label-noise", 0.0, 0.5),
        s.doubleIn("unlabeled-fraction", 0.0, 1.0),
        s.doubleIn("test-fraction", 0.0, 1.0),
        s.intIn("files", 0, 100_000),
        s.oneOf("compression", Compression.class));
  }
}
