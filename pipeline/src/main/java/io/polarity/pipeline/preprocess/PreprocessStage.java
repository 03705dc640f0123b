package io.polarity.pipeline.preprocess;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.mean;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.sum;

import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.ingest.IngestResult;
import io.polarity.pipeline.ingest.QuarantineRecord;
import io.polarity.pipeline.ingest.Review;
import io.polarity.pipeline.ingest.SplitAssigner;
import io.polarity.pipeline.io.StagedOutput;
import io.polarity.pipeline.io.Steps;
import io.polarity.pipeline.io.Tables;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The preprocess stage: the canonical review table in; model-ready features, the vocabulary
 * artifact, a quarantine of reviews left without tokens and a corpus report out, committed
 * all-or-nothing under one output directory.
 *
 * <p>Reviews are tokenised once and cached; the vocabulary is counted from the train split only (or
 * loaded, with its normalisation settings, from {@code preprocess.vocabulary.reuse}) and broadcast
 * to build the features ({@link Featurizer}). {@code read} is counted over the tokenised reviews,
 * {@code featurized} and {@code quarantined} from the tables as written, and {@code read =
 * featurized + quarantined} must hold before anything is committed.
 */
public final class PreprocessStage {
  private static final Logger LOG = LoggerFactory.getLogger(PreprocessStage.class);
  static final String JOB = "preprocess";
  static final String ALL = "all";
  static final String EMPTY = "empty_after_normalisation";
  private static final int RAW_CHARS = 2000;

  private final SparkSession spark;
  private final PreprocessConfig config;
  private final UnaryOperator<Dataset<FeatureRow>> beforeWrite;

  public PreprocessStage(SparkSession spark, PreprocessConfig config) {
    this(spark, config, UnaryOperator.identity());
  }

  /**
   * For tests: {@code beforeWrite} changes the feature rows just before they are written (a test
   * drops one to prove that the counts then fail the run).
   */
  PreprocessStage(
      SparkSession spark, PreprocessConfig config, UnaryOperator<Dataset<FeatureRow>> beforeWrite) {
    this.spark = spark;
    this.config = config;
    this.beforeWrite = beforeWrite;
  }

  public PreprocessResult run() {
    return run(result -> {});
  }

  /**
   * Runs the stage; {@code beforeCommit} receives the result once every output is staged and the
   * counts add up, and may still fail the run (the job writes the warehouse rows there), before the
   * output replaces the previous one.
   */
  public PreprocessResult run(Consumer<PreprocessResult> beforeCommit) {
    String reviewsPath = new Path(config.input(), IngestResult.REVIEWS).toString();
    requireDirectory(reviewsPath);
    Vocabulary reused =
        config.reuseVocabulary() == null
            ? null
            : Vocabulary.load(spark, config.reuseVocabulary(), PreprocessConfig.VOCABULARY);
    NormalizerConfig normalizer =
        reused != null ? reused.manifest().normalizer() : config.normalizer();
    if (reused != null) {
      LOG.info(
          "Reusing vocabulary {} from {} with its normalisation and n-gram settings",
          reused.manifest().version(),
          config.reuseVocabulary());
    }
    String runId = config.runId();
    LOG.info("Preprocess {} starting: {} -> {}", runId, config.input(), config.output());
    Dataset<Review> reviews = Tables.read(spark, reviewsPath, Review.ENCODER);
    Dataset<TokenizedReview> tokenized = null;
    try (StagedOutput out =
            new StagedOutput(spark.sparkContext().hadoopConfiguration(), config.output(), runId);
        Steps steps = new Steps(spark, JOB, runId, LOG)) {
      steps.next("preprocess: labels of the train split");
      List<String> labels = reused != null ? reused.labels() : trainLabels(reviews);
      tokenized =
          Featurizer.tokenize(
                  reviews, new TextNormalizer(normalizer), Featurizer.labelIndex(labels))
              .persist(StorageLevel.MEMORY_AND_DISK());
      steps.next("preprocess: tokenise and count");
      long read = tokenized.count();
      steps.next("preprocess: write quarantine");
      writeQuarantine(tokenized, runId, out.path(PreprocessResult.QUARANTINE));
      Dataset<TokenizedReview> usable =
          tokenized.filter((FilterFunction<TokenizedReview>) r -> r.getTokens().length > 0);
      Dataset<TokenizedReview> train = usable.filter(col("split").equalTo(SplitAssigner.TRAIN));
      steps.next("preprocess: count the vocabulary");
      Vocabulary vocabulary =
          reused != null
              ? reused
              : new VocabularyBuilder(
                      JavaSparkContext.fromSparkContext(spark.sparkContext()), config)
                  .build(train, labels);
      vocabulary.save(spark, out.path(PreprocessResult.VOCABULARY));
      steps.next("preprocess: write features");
      writeFeatures(usable, vocabulary, out.path(PreprocessResult.FEATURES));
      steps.next("preprocess: corpus report and counts");
      long quarantined =
          Tables.readTable(spark, out.path(PreprocessResult.QUARANTINE), QuarantineRecord.ENCODER)
              .count();
      List<ReportRow> report =
          report(out.path(PreprocessResult.FEATURES), vocabulary, quarantined, runId);
      PreprocessResult result =
          new PreprocessResult(
              runId,
              config.output(),
              read,
              featurized(report),
              quarantined,
              vocabulary.manifest(),
              report);
      result.requireBalanced();
      Tables.toTable(spark.createDataset(report, ReportRow.ENCODER))
          .coalesce(1)
          .write()
          .parquet(out.path(PreprocessResult.REPORT));
      writeConfig(out.path("preprocess.conf"));
      beforeCommit.accept(result);
      steps.next("preprocess: commit");
      out.commit();
      LOG.info(
          "Preprocess {} done: read {}, featurized {}, quarantined {}, vocabulary {} ({} ids)",
          runId,
          result.read(),
          result.featurized(),
          result.quarantined(),
          vocabulary.manifest().version(),
          vocabulary.size());
      return result;
    } finally {
      if (tokenized != null) {
        tokenized.unpersist();
      }
    }
  }

  /** Feature rows written, from the report's per-split document counts of the written table. */
  private static long featurized(List<ReportRow> report) {
    return Math.round(
        report.stream()
            .filter(r -> r.getMetric().equals("documents"))
            .mapToDouble(ReportRow::getValue)
            .sum());
  }

  private void requireDirectory(String path) {
    Path p = new Path(path);
    try {
      if (!p.getFileSystem(spark.sparkContext().hadoopConfiguration()).isDirectory(p)) {
        throw new InvalidConfigException(
            "preprocess.input must be an ingest output with a reviews/ table, but "
                + path
                + " does not exist");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  private static List<String> trainLabels(Dataset<Review> reviews) {
    List<String> labels = new ArrayList<>();
    for (Row row :
        reviews
            .filter(col("split").equalTo(SplitAssigner.TRAIN).and(col("label").isNotNull()))
            .select("label")
            .distinct()
            .orderBy("label")
            .collectAsList()) {
      labels.add(row.getString(0));
    }
    if (labels.isEmpty()) {
      throw new IllegalArgumentException(
          "preprocess.input has no labelled review in its train split; nothing to learn from");
    }
    return labels;
  }

  private static void writeQuarantine(
      Dataset<TokenizedReview> tokenized, String runId, String path) {
    Tables.toTable(
            tokenized
                .filter((FilterFunction<TokenizedReview>) r -> r.getTokens().length == 0)
                .map(
                    (MapFunction<TokenizedReview, QuarantineRecord>)
                        r ->
                            new QuarantineRecord(
                                runId,
                                r.getSource(),
                                null,
                                EMPTY,
                                "review "
                                    + r.getReviewId()
                                    + " ("
                                    + r.getSplit()
                                    + ") has no token after normalisation",
                                r.getEmptyText().length() > RAW_CHARS
                                    ? r.getEmptyText().substring(0, RAW_CHARS)
                                    : r.getEmptyText()),
                    QuarantineRecord.ENCODER))
        .write()
        .mode(SaveMode.ErrorIfExists)
        .parquet(path);
  }

  private void writeFeatures(Dataset<TokenizedReview> usable, Vocabulary vocabulary, String path) {
    boolean tail = config.truncate() == PreprocessConfig.Truncate.TAIL;
    Tables.toTable(
            beforeWrite.apply(
                Featurizer.featurize(spark, usable, vocabulary, config.maxTokens(), tail)))
        .write()
        .mode(SaveMode.ErrorIfExists)
        .partitionBy("split")
        .parquet(path);
  }

  private List<ReportRow> report(
      String featuresPath, Vocabulary vocabulary, long quarantined, String runId) {
    Dataset<Row> features = Tables.readTable(spark, featuresPath, FeatureRow.ENCODER);
    List<ReportRow> rows = new ArrayList<>();
    for (Row r :
        features
            .groupBy("split")
            .agg(
                count(lit(1)),
                mean("num_tokens"),
                percentile_approx(
                    col("num_tokens"), lit(new double[] {0.5, 0.9, 0.99}), lit(10_000)),
                max("num_tokens"),
                sum("oov_tokens"),
                sum("num_tokens"))
            .collectAsList()) {
      String split = r.getString(0);
      List<Integer> p = r.getList(3);
      rows.add(new ReportRow(runId, split, "documents", r.getLong(1)));
      rows.add(new ReportRow(runId, split, "tokens.mean", r.getDouble(2)));
      rows.add(new ReportRow(runId, split, "tokens.p50", p.get(0)));
      rows.add(new ReportRow(runId, split, "tokens.p90", p.get(1)));
      rows.add(new ReportRow(runId, split, "tokens.p99", p.get(2)));
      rows.add(new ReportRow(runId, split, "tokens.max", r.getInt(4)));
      rows.add(
          new ReportRow(
              runId, split, "oov-rate", r.getLong(5) / (double) Math.max(1, r.getLong(6))));
    }
    for (Row r : features.groupBy("split", "label").count().collectAsList()) {
      String label = r.isNullAt(1) ? "(none)" : r.getString(1);
      rows.add(new ReportRow(runId, r.getString(0), "label." + label, r.getLong(2)));
    }
    rows.add(new ReportRow(runId, ALL, "vocabulary.size", vocabulary.size()));
    rows.add(new ReportRow(runId, ALL, "vocabulary.unigrams", vocabulary.manifest().unigrams()));
    rows.add(new ReportRow(runId, ALL, "quarantined", quarantined));
    return rows;
  }

  private void writeConfig(String path) {
    Path file = new Path(path);
    try (OutputStream os =
        file.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(file, false)) {
      os.write(config.rendered().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }
}
