package io.polarity.model;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.polarity.pipeline.config.ConfigLoader;
import io.polarity.pipeline.generate.GenerateConfig;
import io.polarity.pipeline.generate.GenerateStage;
import io.polarity.pipeline.ingest.IngestConfig;
import io.polarity.pipeline.ingest.IngestStage;
import io.polarity.pipeline.preprocess.PreprocessConfig;
import io.polarity.pipeline.preprocess.PreprocessStage;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The model tests' data: 1,500 generated reviews (2% label noise) taken through generate, ingest
 * and preprocess into {@code <dir>/features}.
 */
public final class GeneratedFeatures {
  private GeneratedFeatures() {}

  public static void build(SparkSession spark, Path dir, double testFraction) {
    new GenerateStage(
            spark,
            GenerateConfig.from(
                conf(
                    "generate { output = \""
                        + dir.resolve("corpus")
                        + "\", format = jsonl,"
                        + " reviews = 1500, seed = 3, label-noise = 0.02 }")))
        .run();
    new IngestStage(
            spark,
            IngestConfig.from(
                conf(
                    "ingest { output = \""
                        + dir.resolve("ingest")
                        + "\", split {"
                        + " validation-fraction = 0.2, test-fraction = "
                        + testFraction
                        + " }, source { name = gen,"
                        + " format = jsonl, path = \""
                        + dir.resolve("corpus")
                        + "\" } }")))
        .run();
    new PreprocessStage(
            spark,
            PreprocessConfig.from(
                conf(
                    "preprocess { input = \""
                        + dir.resolve("ingest")
                        + "\", output = \""
                        + dir.resolve("features")
                        + "\", sequence.max-tokens = 60 }")))
        .run();
  }

  /** The built-in defaults under {@code hocon}. */
  public static Config conf(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigLoader.defaults()).resolve();
  }
}
