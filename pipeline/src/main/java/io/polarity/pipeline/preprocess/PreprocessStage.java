package io.polarity.pipeline.preprocess;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.mean;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;

import io.polarity.pipeline.ingest.IngestResult;
import io.polarity.pipeline.ingest.QuarantineRecord;
import io.polarity.pipeline.ingest.Review;
import io.polarity.pipeline.ingest.SplitAssigner;
import io.polarity.pipeline.io.Iterators;
import io.polarity.pipeline.io.StagedOutput;
import io.polarity.pipeline.io.Steps;
import io.polarity.pipeline.io.Tables;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
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
 * to build the features.
 */
public final class PreprocessStage {
  private static final Logger LOG = LoggerFactory.getLogger(PreprocessStage.class);
  static final String JOB = "preprocess";
  static final String ALL = "all";
  static final String EMPTY = "empty_after_normalisation";
  private static final int RAW_CHARS = 2000;

  private final SparkSession spark;
  private final PreprocessConfig config;

  public PreprocessStage(SparkSession spark, PreprocessConfig config) {
    this.spark = spark;
    this.config = config;
  }

  public PreprocessResult run() {
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
    spark.sparkContext().setJobGroup(JOB + "-" + runId, "preprocess " + runId, false);
    StagedOutput out =
        new StagedOutput(spark.sparkContext().hadoopConfiguration(), config.output(), runId);
    Dataset<Review> reviews = Tables.read(spark, reviewsPath, Review.ENCODER);
    Steps steps = new Steps(spark, LOG);
    try {
      steps.next("preprocess: labels of the train split");
      List<String> labels = reused != null ? reused.labels() : trainLabels(reviews);
      Dataset<TokenizedReview> tokenized =
          tokenize(reviews, new TextNormalizer(normalizer), labelIndex(labels))
              .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        steps.next("preprocess: tokenise and write quarantine");
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
        steps.next("preprocess: corpus report");
        long[] counts = readAndEmpty(tokenized);
        List<ReportRow> report =
            report(out.path(PreprocessResult.FEATURES), vocabulary, counts[1], runId);
        Tables.toTable(spark.createDataset(report, ReportRow.ENCODER))
            .coalesce(1)
            .write()
            .parquet(out.path(PreprocessResult.REPORT));
        writeConfig(out.path("preprocess.conf"));
        steps.next("preprocess: commit");
        out.commit();
        steps.finish();
        PreprocessResult result =
            new PreprocessResult(
                runId,
                config.output(),
                counts[0],
                counts[0] - counts[1],
                counts[1],
                vocabulary.manifest(),
                report);
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
        tokenized.unpersist();
      }
    } catch (RuntimeException e) {
      out.abort();
      throw e;
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  private void requireDirectory(String path) {
    Path p = new Path(path);
    try {
      if (!p.getFileSystem(spark.sparkContext().hadoopConfiguration()).isDirectory(p)) {
        throw new IllegalArgumentException(
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

  private static Map<String, Integer> labelIndex(List<String> labels) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      index.put(labels.get(i), i);
    }
    return index;
  }

  private static Dataset<TokenizedReview> tokenize(
      Dataset<Review> reviews, TextNormalizer normalizer, Map<String, Integer> labelIndex) {
    return reviews.mapPartitions(
        (MapPartitionsFunction<Review, TokenizedReview>)
            rows -> Iterators.map(rows, r -> tokenize(r, normalizer, labelIndex)),
        TokenizedReview.ENCODER);
  }

  private static TokenizedReview tokenize(
      Review r, TextNormalizer normalizer, Map<String, Integer> labelIndex) {
    String[] tokens = normalizer.tokens(r.getText()).toArray(String[]::new);
    Integer index = r.getLabel() == null ? null : labelIndex.get(r.getLabel());
    TokenizedReview t =
        new TokenizedReview(
            r.getReviewId(),
            r.getSource(),
            r.getSplit(),
            r.getLabel(),
            index == null ? -1 : index,
            tokens);
    if (tokens.length == 0) {
      t.setEmptyText(r.getText());
    }
    return t;
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
    Tables.toTable(featurize(spark, usable, vocabulary, config.maxTokens(), tail))
        .write()
        .mode(SaveMode.ErrorIfExists)
        .partitionBy("split")
        .parquet(path);
  }

  /**
   * Feature rows of canonical reviews with an existing vocabulary (its normalisation, labels and
   * n-gram length), computed lazily on the executors, for scoring new data with a model's own
   * vocabulary. Reviews with no token after normalisation are left out; labels the vocabulary does
   * not know get label index -1.
   */
  public static Dataset<FeatureRow> features(
      SparkSession spark,
      Dataset<Review> reviews,
      Vocabulary vocabulary,
      int maxTokens,
      boolean keepTail) {
    Dataset<TokenizedReview> usable =
        tokenize(
                reviews,
                new TextNormalizer(vocabulary.manifest().normalizer()),
                labelIndex(vocabulary.labels()))
            .filter((FilterFunction<TokenizedReview>) r -> r.getTokens().length > 0);
    return featurize(spark, usable, vocabulary, maxTokens, keepTail);
  }

  private static Dataset<FeatureRow> featurize(
      SparkSession spark,
      Dataset<TokenizedReview> usable,
      Vocabulary vocabulary,
      int maxTokens,
      boolean keepTail) {
    // released by Spark's context cleaner once the dataset is gone
    Broadcast<TermIndex> index =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(TermIndex.of(vocabulary));
    int ngramMax = vocabulary.manifest().ngrams();
    return usable.mapPartitions(
        (MapPartitionsFunction<TokenizedReview, FeatureRow>)
            rows -> new Featurizer(index.value(), ngramMax, maxTokens, keepTail).apply(rows),
        FeatureRow.ENCODER);
  }

  /** {read, empty after normalisation} from the cached tokens. */
  private static long[] readAndEmpty(Dataset<TokenizedReview> tokenized) {
    Row row =
        tokenized
            .agg(
                count(lit(1)),
                sum(
                    org.apache
                        .spark
                        .sql
                        .functions
                        .when(size(col("tokens")).equalTo(0), 1L)
                        .otherwise(0L)))
            .first();
    return new long[] {row.getLong(0), row.isNullAt(1) ? 0 : row.getLong(1)};
  }

  private List<ReportRow> report(
      String featuresPath, Vocabulary vocabulary, long quarantined, String runId) {
    Dataset<Row> features = spark.read().parquet(featuresPath);
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
