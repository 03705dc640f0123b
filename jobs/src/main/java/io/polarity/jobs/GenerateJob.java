package io.polarity.jobs;

import com.typesafe.config.Config;
import io.polarity.pipeline.config.ConfigLoader;
import io.polarity.pipeline.generate.GenerateConfig;
import io.polarity.pipeline.generate.GenerateStage;
import io.polarity.pipeline.ingest.InputFormat;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
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
    SparkSession spark = SparkSessions.forJob("generate");
    try {
      long written = new GenerateStage(spark, generate).run();
      spec.commandLine()
          .getOut()
          .printf(
              "Generated %d %s reviews (seed %d) in %s%n",
              written,
              generate.format().name().toLowerCase(Locale.ROOT),
              generate.seed(),
              generate.output());
      spec.commandLine().getOut().flush();
      return 0;
    } finally {
      spark.stop();
    }
  }

  Config withFlags(Config base) {
    Config c = base;
    if (output != null) {
      c = ConfigLoader.withValue(c, GenerateConfig.OUTPUT, output);
    }
    if (format != null) {
      c = ConfigLoader.withValue(c, GenerateConfig.FORMAT, format.name().toLowerCase(Locale.ROOT));
    }
    if (reviews != null) {
      c = ConfigLoader.withValue(c, GenerateConfig.REVIEWS, reviews);
    }
    if (seed != null) {
      c = ConfigLoader.withValue(c, GenerateConfig.SEED, seed);
    }
    return c;
  }
}
