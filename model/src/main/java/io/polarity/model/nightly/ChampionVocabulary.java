package io.polarity.model.nightly;

import io.polarity.model.train.ModelStore;
import io.polarity.model.train.SparkTrainer;
import io.polarity.pipeline.preprocess.PreprocessResult;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a champion trained before models kept their own vocabulary a copy of it, while the
 * preprocess output it was trained on still holds that vocabulary: the nightly run's preprocess
 * stage is about to replace it, and the champion must still featurise the held-out reviews.
 */
final class ChampionVocabulary {
  private static final Logger LOG = LoggerFactory.getLogger(ChampionVocabulary.class);
  private static final String MANIFEST = "manifest.json";

  private ChampionVocabulary() {}

  @SuppressWarnings("unchecked")
  static void keep(Configuration hadoop, String modelDirectory) {
    ModelStore model = new ModelStore(hadoop, modelDirectory);
    if (model.exists(PreprocessResult.VOCABULARY + "/" + MANIFEST)
        || !model.exists(SparkTrainer.CARD)) {
      return;
    }
    Map<String, Object> card = model.readJson(SparkTrainer.CARD, Map.class);
    String path = String.valueOf(card.get("vocabulary_path"));
    String version = String.valueOf(card.get("vocabulary_version"));
    ModelStore vocabulary = new ModelStore(hadoop, path);
    Object now =
        vocabulary.exists(MANIFEST)
            ? vocabulary.readJson(MANIFEST, Map.class).get("version")
            : null;
    if (!version.equals(String.valueOf(now))) {
      LOG.warn(
          "The champion {} keeps no copy of its vocabulary {}, and {} holds {} now: it cannot"
              + " featurise new reviews, so its evaluation will fail",
          modelDirectory,
          version,
          path,
          now == null ? "none" : now);
      return;
    }
    model.copyIn(path, PreprocessResult.VOCABULARY);
    ModelStore trainedOn = new ModelStore(hadoop, new Path(path).getParent().toString());
    if (trainedOn.exists(SparkTrainer.PREPROCESS_CONF)) {
      model.copyIn(trainedOn.path(SparkTrainer.PREPROCESS_CONF), SparkTrainer.PREPROCESS_CONF);
    }
    LOG.info("Copied the champion's vocabulary {} from {} into {}", version, path, modelDirectory);
  }
}
