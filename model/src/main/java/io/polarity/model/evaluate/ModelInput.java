package io.polarity.model.evaluate;

import static org.apache.spark.sql.functions.col;

import com.typesafe.config.ConfigFactory;
import io.polarity.model.train.ModelStore;
import io.polarity.model.train.SparkTrainer;
import io.polarity.pipeline.config.ConfigLoader;
import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.ingest.IngestResult;
import io.polarity.pipeline.ingest.Review;
import io.polarity.pipeline.io.Tables;
import io.polarity.pipeline.preprocess.FeatureRow;
import io.polarity.pipeline.preprocess.Featurizer;
import io.polarity.pipeline.preprocess.PreprocessConfig;
import io.polarity.pipeline.preprocess.PreprocessResult;
import io.polarity.pipeline.preprocess.Vocabulary;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a trained model reads: the feature rows of a preprocess output built with its vocabulary, or
 * of an ingest output featurised here with the model's own vocabulary and sequence settings. Shared
 * by the jobs that score (evaluate, score).
 */
public final class ModelInput {
  private static final Logger LOG = LoggerFactory.getLogger(ModelInput.class);

  private ModelInput() {}

  /**
   * The input's feature rows: a preprocess output's (built with the model's vocabulary), or an
   * ingest output's reviews featurised here with the model's own vocabulary; of one {@code split}
   * only (null: every review), chosen before an ingest output's reviews are featurised, so that
   * evaluating a held-out split does not tokenise the whole corpus.
   */
  public static Dataset<FeatureRow> features(
      SparkSession spark,
      ModelArtifact model,
      String input,
      String setting,
      int maxTokens,
      boolean keepTail,
      String split) {
    ModelStore dir = new ModelStore(spark.sparkContext().hadoopConfiguration(), input);
    if (dir.exists(PreprocessResult.FEATURES)) {
      requireSameVocabulary(spark, model, input, setting);
      Dataset<FeatureRow> features =
          Tables.read(
              spark, new Path(input, PreprocessResult.FEATURES).toString(), FeatureRow.ENCODER);
      return split == null ? features : features.filter(col("split").equalTo(split));
    }
    if (dir.exists(IngestResult.REVIEWS)) {
      LOG.info(
          "Featurising the reviews of {} with the model's vocabulary {}",
          input,
          model.featureVocabulary());
      Vocabulary vocabulary =
          Vocabulary.load(spark, model.featureVocabulary(), "the model's vocabulary");
      requireVersion(model, vocabulary.manifest().version(), model.featureVocabulary());
      // the sequence settings the model's training features were made with, when known
      String trainedOn = new Path(model.featureVocabulary()).getParent().toString();
      ModelStore training = new ModelStore(spark.sparkContext().hadoopConfiguration(), trainedOn);
      if (training.exists(SparkTrainer.PREPROCESS_CONF)) {
        PreprocessConfig p =
            PreprocessConfig.from(
                ConfigFactory.parseString(training.readText(SparkTrainer.PREPROCESS_CONF))
                    .withFallback(ConfigLoader.defaults())
                    .resolve());
        maxTokens = p.maxTokens();
        keepTail = p.truncate() == PreprocessConfig.Truncate.TAIL;
      }
      Dataset<Review> reviews = Tables.read(spark, dir.path(IngestResult.REVIEWS), Review.ENCODER);
      return Featurizer.features(
          spark,
          split == null ? reviews : reviews.filter(col("split").equalTo(split)),
          vocabulary,
          maxTokens,
          keepTail);
    }
    throw new InvalidConfigException(
        setting
            + " must be a preprocess output (with features/) or an ingest output (with"
            + " reviews/), but "
            + input
            + " has neither");
  }

  @SuppressWarnings("unchecked")
  private static void requireSameVocabulary(
      SparkSession spark, ModelArtifact model, String input, String setting) {
    ModelStore vocabulary =
        new ModelStore(
            spark.sparkContext().hadoopConfiguration(),
            new Path(input, PreprocessResult.VOCABULARY).toString());
    if (!vocabulary.exists("manifest.json")) {
      throw new InvalidConfigException(
          setting
              + " must be a preprocess output (with vocabulary/), but "
              + input
              + " has no vocabulary/manifest.json");
    }
    Object version = vocabulary.readJson("manifest.json", Map.class).get("version");
    requireVersion(
        model, String.valueOf(version), new Path(input, PreprocessResult.VOCABULARY).toString());
  }

  /**
   * Ids of another vocabulary would point at the wrong weights (or past the network's input, which
   * corrupts native memory rather than failing): refuse a vocabulary the model was not trained
   * with.
   */
  private static void requireVersion(ModelArtifact model, String version, String where) {
    if (!model.vocabularyVersion().equals(version)) {
      throw new InvalidConfigException(
          "model "
              + model.runId()
              + " was trained with vocabulary "
              + model.vocabularyVersion()
              + ", but "
              + where
              + " holds vocabulary "
              + version
              + " (rebuilt since?): use data preprocessed with the model's vocabulary"
              + " (preprocess.vocabulary.reuse), or train a model on the new one");
    }
  }
}
