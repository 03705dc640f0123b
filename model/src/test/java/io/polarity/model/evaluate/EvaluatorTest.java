package io.polarity.model.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.polarity.model.GeneratedFeatures;
import io.polarity.model.train.EpochMetrics;
import io.polarity.model.train.SparkTrainer;
import io.polarity.model.train.TrainConfig;
import io.polarity.pipeline.SparkTestBase;
import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.warehouse.RunOutcome;
import io.polarity.pipeline.warehouse.RunRecorder;
import io.polarity.pipeline.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluate stage on a model trained on generated reviews (no test split: validation). */
class EvaluatorTest extends SparkTestBase {
  @TempDir static Path data;
  private static EpochMetrics trained;

  @BeforeAll
  static void trainAModel() {
    GeneratedFeatures.build(spark, data, 0.0);
    TrainConfig train = TrainConfig.from(GeneratedFeatures.conf(common() + "train.epochs = 1"));
    // recorded like the train job does, so that evaluate can find the latest train run
    trained =
        new RunRecorder(spark, new Warehouse(spark, data.resolve("warehouse").toString()))
            .record(
                "train",
                "t1",
                "{}",
                () -> new SparkTrainer(spark, train).run(),
                r -> new RunOutcome(List.of(), 0, 1, r.modelDirectory(), r.modelDirectory()))
            .best();
  }

  private static String common() {
    return "train { input = \""
        + data.resolve("features")
        + "\", output = \""
        + data.resolve("models")
        + "\", run-id = t1 }\nwarehouse.root = \""
        + data.resolve("warehouse")
        + "\"\nevaluate.output = \""
        + data.resolve("evaluations")
        + "\"\n";
  }

  private static EvaluateConfig config(String hocon) {
    return EvaluateConfig.from(GeneratedFeatures.conf(common() + hocon));
  }

  @Test
  void findsTheLatestTrainRunAndAgreesWithTheTrainersValidation() {
    EvaluateResult result =
        new Evaluator(spark, config("evaluate { run-id = e1, predictions = true }")).run();

    assertThat(result.modelRunId()).isEqualTo("t1");
    assertThat(result.split()).isEqualTo("validation"); // the corpus has no test split
    // the trainer's DL4J Evaluation/ROC and these metrics count the same predictions
    assertThat(result.report().value("all", "accuracy"))
        .isCloseTo(trained.getValidationAccuracy(), within(1e-9));
    // ROC-AUC: the pairwise definition over the predictions table, ties counting one half
    List<Row> scored =
        new Warehouse(spark, data.resolve("warehouse").toString())
            .table(Warehouse.PREDICTIONS)
            .filter("run_id = 'e1'")
            .select("label_index", "probabilities")
            .collectAsList();
    double wins = 0;
    long pairs = 0;
    for (Row pos : scored) {
      for (Row neg : scored) {
        if (pos.getInt(0) == 1 && neg.getInt(0) == 0) {
          double a = pos.<Double>getList(1).get(1);
          double b = neg.<Double>getList(1).get(1);
          wins += a > b ? 1 : a == b ? 0.5 : 0;
          pairs++;
        }
      }
    }
    assertThat(result.report().value("all", "roc_auc")).isCloseTo(wins / pairs, within(1e-12));
    // DL4J's exact ROC orders tied scores instead of averaging them: close, not equal
    assertThat(result.report().value("all", "roc_auc"))
        .isCloseTo(trained.getValidationAuc(), within(2e-3));
    assertThat(data.resolve("evaluations/e1/report.png")).isNotEmptyFile();
    assertThat(data.resolve("evaluations/e1/metrics.json")).content().contains("\"accuracy\"");
  }

  @Test
  void reEvaluatingARunReplacesItsRows() {
    Warehouse warehouse = new Warehouse(spark, data.resolve("warehouse").toString());
    new Evaluator(spark, config("evaluate { run-id = e2, predictions = true }")).run();
    long metrics = warehouse.table(Warehouse.EVAL_METRICS).filter("run_id = 'e2'").count();
    long cells = warehouse.table(Warehouse.CONFUSION_MATRIX).filter("run_id = 'e2'").count();

    EvaluateResult again =
        new Evaluator(spark, config("evaluate { run-id = e2, predictions = true }")).run();

    assertThat(warehouse.table(Warehouse.EVAL_METRICS).filter("run_id = 'e2'").count())
        .isEqualTo(metrics);
    assertThat(warehouse.table(Warehouse.CONFUSION_MATRIX).filter("run_id = 'e2'").count())
        .isEqualTo(cells);
    assertThat(warehouse.table(Warehouse.PREDICTIONS).filter("run_id = 'e2'").count())
        .isEqualTo(again.reviews());
  }

  @Test
  void scoresRawReviewsWithTheModelsOwnVocabulary() {
    EvaluateResult features = new Evaluator(spark, config("evaluate.run-id = e3")).run();
    EvaluateResult raw =
        new Evaluator(
                spark,
                config("evaluate { run-id = e4, input = \"" + data.resolve("ingest") + "\" }"))
            .run();

    assertThat(raw.split()).isEqualTo("validation");
    assertThat(raw.reviews()).isEqualTo(features.reviews());
    assertThat(raw.report().metrics()).isEqualTo(features.report().metrics());
  }

  @Test
  void scoresEveryLabelledReviewOfTheInputWithSplitAll() {
    long labelled =
        spark
            .read()
            .parquet(data.resolve("features/features").toString())
            .filter("label_index >= 0")
            .count();

    EvaluateResult all =
        new Evaluator(spark, config("evaluate { run-id = e5, split = all }")).run();

    assertThat(all.split()).isEqualTo("all");
    assertThat(all.reviews()).isEqualTo(labelled);
    assertThat(
            new Warehouse(spark, data.resolve("warehouse").toString())
                .table(Warehouse.EVAL_METRICS)
                .filter("run_id = 'e5'")
                .select("split")
                .distinct()
                .collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("all");
  }

  @Test
  void refusesDataOfAnotherVocabularyNamingBothVersions() throws Exception {
    Path model = data.resolve("models/t1");
    Path copy = Files.createDirectories(data.resolve("other-models/t1"));
    Files.copy(model.resolve("model.zip"), copy.resolve("model.zip"));
    String card = Files.readString(model.resolve("model-card.json"));
    String version = card.replaceAll("(?s).*\"vocabulary_version\" : \"([^\"]+)\".*", "$1");
    Files.writeString(copy.resolve("model-card.json"), card.replace(version, "v-000000000000"));

    for (String input : List.of("ingest", "features")) {
      assertThatThrownBy(
              () ->
                  new Evaluator(
                          spark,
                          config(
                              "evaluate { model = \""
                                  + copy
                                  + "\", input = \""
                                  + data.resolve(input)
                                  + "\" }"))
                      .run())
          .as(input)
          .isInstanceOf(InvalidConfigException.class)
          .hasMessage(
              "model t1 was trained with vocabulary v-000000000000, but "
                  + data.resolve("features/vocabulary")
                  + " holds vocabulary "
                  + version
                  + " (rebuilt since?): use data preprocessed with the model's vocabulary"
                  + " (preprocess.vocabulary.reuse), or train a model on the new one");
    }
  }

  @Test
  void explainsWhatIsWrong() {
    assertThatThrownBy(() -> config("evaluate.split = holdout"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "evaluate.split must be one of [train, validation, test, all] or empty, but was:"
                + " holdout");
    assertThatThrownBy(() -> config("evaluate.slices.length-buckets = [10, 5]"))
        .hasMessage(
            "evaluate.slices.length-buckets must start at 0 and increase, but was: [10, 5]");
    String missing = data.resolve("no-model").toString();
    assertThatThrownBy(
            () -> new Evaluator(spark, config("evaluate.model = \"" + missing + "\"")).run())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "no model artifact in "
                + missing
                + ": a train run directory has model.zip and model-card.json");
  }
}
