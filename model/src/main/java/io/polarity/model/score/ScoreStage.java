package io.polarity.model.score;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.polarity.model.engine.Prediction;
import io.polarity.model.engine.Scorer;
import io.polarity.model.evaluate.ClassificationMetrics;
import io.polarity.model.evaluate.ModelArtifact;
import io.polarity.model.evaluate.ModelInput;
import io.polarity.model.registry.ModelRegistry;
import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.ingest.IngestResult;
import io.polarity.pipeline.io.StagedOutput;
import io.polarity.pipeline.io.Steps;
import io.polarity.pipeline.preprocess.PreprocessResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The score stage: every review of an ingest or preprocess output, labelled or not, scored with the
 * registry's champion (or a given model) on the executors, into a predictions table under {@code
 * <output>/run_date=<date>/run_id=<run-id>/}, written whole or not at all (staged beside it and
 * renamed into place; a rerun of the run id replaces its own partition only).
 */
public final class ScoreStage {
  private static final Logger LOG = LoggerFactory.getLogger(ScoreStage.class);
  private static final String JOB = "score";

  private final SparkSession spark;
  private final ScoreConfig config;

  public ScoreStage(SparkSession spark, ScoreConfig config) {
    this.spark = spark;
    this.config = config;
  }

  public ScoreResult run() {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    try (Steps steps = new Steps(spark, JOB, config.runId(), LOG)) {
      steps.next("score: model and input");
      boolean champion = config.model() == null;
      ModelArtifact model =
          champion ? champion(hadoop) : ModelArtifact.load(hadoop, config.model());
      long reviews = reviews(hadoop);
      Scorer scorer =
          new Scorer(
              JavaSparkContext.fromSparkContext(spark.sparkContext()),
              model.network(),
              model.input(),
              model.labels().size());
      Dataset<Prediction> predictions =
          scorer.score(
              ModelInput.features(
                  spark,
                  model,
                  config.input(),
                  ScoreConfig.INPUT,
                  config.maxTokens(),
                  config.keepTail(),
                  null /* every review, whatever its split */));
      String target =
          new Path(
                  new Path(config.output(), "run_date=" + LocalDate.now(ZoneOffset.UTC)),
                  "run_id=" + config.runId())
              .toString();
      try (scorer;
          StagedOutput out = new StagedOutput(hadoop, target, config.runId())) {
        steps.next("score: predict and write");
        table(predictions, model).write().parquet(out.root());
        long scored = spark.read().parquet(out.root()).count();
        steps.next("score: commit");
        out.commit();
        removeEarlierAttempts(hadoop, target);
        LOG.info(
            "Score {} done: model {} scored {} of {} reviews of {} -> {}",
            config.runId(),
            model.runId(),
            scored,
            reviews,
            config.input(),
            target);
        return new ScoreResult(
            config.runId(),
            model.runId(),
            model.directory(),
            champion,
            config.input(),
            reviews,
            scored,
            target);
      }
    }
  }

  /** A rerun of the run id on another day replaces the partition that attempt left. */
  private void removeEarlierAttempts(Configuration hadoop, String target) {
    Path pattern = new Path(new Path(config.output(), "run_date=*"), "run_id=" + config.runId());
    try {
      FileSystem fs = pattern.getFileSystem(hadoop);
      Path kept = fs.makeQualified(new Path(target));
      FileStatus[] found = fs.globStatus(pattern);
      for (FileStatus earlier : found == null ? new FileStatus[0] : found) {
        if (!earlier.getPath().equals(kept)) {
          LOG.info("Removing the predictions of an earlier attempt: {}", earlier.getPath());
          fs.delete(earlier.getPath(), true /* recursive */);
          Path day = earlier.getPath().getParent();
          if (fs.listStatus(day).length == 0) {
            fs.delete(day, false);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot clean up earlier attempts under " + config.output(), e);
    }
  }

  private ModelArtifact champion(Configuration hadoop) {
    ModelRegistry.Champion champion =
        new ModelRegistry(hadoop, config.warehouse())
            .champion()
            .orElseThrow(
                () ->
                    new InvalidConfigException(
                        ScoreConfig.MODEL
                            + " is empty and the model registry under "
                            + config.warehouse()
                            + " has no champion yet: pass --model, or promote one with"
                            + " polarity models promote"));
    LOG.info(
        "Scoring with the champion {} ({})",
        champion.model().runId(),
        champion.model().directory());
    return ModelArtifact.load(hadoop, champion.model().directory());
  }

  /** The input's rows: a preprocess output's feature rows, or an ingest output's reviews. */
  private long reviews(Configuration hadoop) {
    Path input = new Path(config.input());
    try {
      FileSystem fs = input.getFileSystem(hadoop);
      String table =
          fs.exists(new Path(input, PreprocessResult.FEATURES))
              ? PreprocessResult.FEATURES
              : IngestResult.REVIEWS;
      Path path = new Path(input, table);
      // a missing input is reported by ModelInput, which names what it expected
      return fs.exists(path) ? spark.read().parquet(path.toString()).count() : 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + input, e);
    }
  }

  /** The predictions as the table's columns, with label names rather than indexes. */
  private Dataset<Row> table(Dataset<Prediction> predictions, ModelArtifact model) {
    List<String> labels = model.labels();
    Column names = array(labels.stream().map(l -> lit(l)).toArray(Column[]::new));
    Column predicted =
        ClassificationMetrics.predictedIndex(labels.size(), config.threshold()).plus(1);
    return predictions.select(
        col("reviewId").as("review_id"),
        col("source"),
        col("numTokens").as("num_tokens"),
        when(col("labelIndex").geq(0), element_at(names, col("labelIndex").plus(1))).as("label"),
        col("probabilities"),
        element_at(names, predicted).as("predicted"),
        lit(model.runId()).as("model_run_id"));
  }
}
