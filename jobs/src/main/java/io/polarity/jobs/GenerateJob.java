package io.polarity.jobs;

import com.typesafe.config.Config;
import io.polarity.pipeline.config.ConfigLoader;
import io.polarity.pipeline.config.Settings;
import io.polarity.pipeline.generate.GenerateConfig;
import io.polarity.pipeline.generate.GenerateStage;
import io.polarity.pipeline.ingest.InputFormat;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code polarity generate}: a synthetic labelled review corpus, the demo's default data. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a synthetic, labelled review corpus of any size (seeded and deterministic)",
      "in the aclImdb layout, as CSV or as JSON Lines."
    })
public final class GenerateJob implements Callable<Integer> {
  @Mixin ConfigOptions config;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--output",
      paramLabel = "PATH",
      description = "Output directory (generate.output).")
  String output;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "aclimdb, csv or jsonl (generate.format).")
  InputFormat format;

  @Option(
      names = "--reviews",
      paramLabel = "N",
      description = "Number of reviews (generate.reviews).")
  Long reviews;

  @Option(names = "--seed", paramLabel = "SEED", description = "Random seed (generate.seed).")
  Long seed;

  @Override
  public Integer call() {
    GenerateConfig generate = GenerateConfig.from(withFlags(config.load()));
    return SparkSessions.run(
        "generate",
        spec,
        spark -> new GenerateStage(spark, generate).run(),
        written -> summary(generate, written));
  }

  private static String summary(GenerateConfig generate, long written) {
    return String.format(
        Locale.ROOT,
        "Generated %d %s reviews (seed %d) in %s%n",
        written,
        Settings.configName(generate.format()),
        generate.seed(),
        generate.output());
  }

  Config withFlags(Config base) {
    Config c = base;
    c = ConfigLoader.withFlag(c, GenerateConfig.OUTPUT, output);
    c =
        ConfigLoader.withFlag(
            c, GenerateConfig.FORMAT, format == null ? null : Settings.configName(format));
    c = ConfigLoader.withFlag(c, GenerateConfig.REVIEWS, reviews);
    c = ConfigLoader.withFlag(c, GenerateConfig.SEED, seed);
    return c;
  }
}
