package io.polarity.model.evaluate;

import io.polarity.model.engine.Minibatches;
import io.polarity.model.train.ModelStore;
import io.polarity.model.train.SparkTrainer;
import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.preprocess.PreprocessResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A trained model as the train job left it under its run directory: the network, its labels (in
 * label-index order), which id column it reads, and the vocabulary it was trained with.
 */
public record ModelArtifact(
    String directory,
    String runId,
    ComputationGraph network,
    List<String> labels,
    Minibatches.Input input,
    String vocabularyPath,
    String vocabularyVersion,
    String ownVocabulary) {

  /** Loads the artifact in {@code directory} (a train run directory, or its model.zip). */
  @SuppressWarnings("unchecked")
  public static ModelArtifact load(Configuration hadoop, String directory) {
    String dir =
        directory.endsWith(".zip") ? new Path(directory).getParent().toString() : directory;
    ModelStore store = new ModelStore(hadoop, dir);
    if (!store.exists(SparkTrainer.MODEL) || !store.exists(SparkTrainer.CARD)) {
      throw new InvalidConfigException(
          "no model artifact in "
              + dir
              + ": a train run directory has "
              + SparkTrainer.MODEL
              + " and "
              + SparkTrainer.CARD);
    }
    Map<String, Object> card = store.readJson(SparkTrainer.CARD, Map.class);
    return new ModelArtifact(
        dir,
        String.valueOf(card.get("run_id")),
        store.readModel(SparkTrainer.MODEL),
        List.copyOf((List<String>) card.get("labels")),
        Minibatches.Input.valueOf(String.valueOf(card.get("input")).toUpperCase(Locale.ROOT)),
        String.valueOf(card.get("vocabulary_path")),
        String.valueOf(card.get("vocabulary_version")),
        store.exists(PreprocessResult.VOCABULARY + "/manifest.json")
            ? store.path(PreprocessResult.VOCABULARY)
            : null);
  }

  /**
   * The vocabulary to featurise new reviews with: the model's own copy, or (for models trained
   * before models kept one) the one at {@code vocabularyPath}.
   */
  public String featureVocabulary() {
    return ownVocabulary != null ? ownVocabulary : vocabularyPath;
  }
}
