package io.polarity.model.evaluate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;

import io.polarity.model.engine.Prediction;
import io.polarity.model.engine.Scorer;
import io.polarity.model.evaluate.MetricsReport.CalibrationBin;
import io.polarity.model.evaluate.MetricsReport.ConfusionCell;
import io.polarity.model.evaluate.MetricsReport.Metric;
import io.polarity.model.evaluate.MetricsReport.RocPoint;
import io.polarity.model.train.ModelStore;
import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.io.Steps;
import io.polarity.pipeline.io.Tables;
import io.polarity.pipeline.preprocess.FeatureRow;
import io.polarity.pipeline.warehouse.RunRecord;
import io.polarity.pipeline.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores a trained model on one split of a preprocess output on the executors and writes what it
 * measured to the warehouse: {@code eval_metrics}, {@code confusion_matrix}, {@code calibration},
 * {@code roc_curve} and, if asked, {@code predictions}; plus {@code report.png} and {@code
 * metrics.json} under {@code <evaluate.output>/<run-id>/}.
 */
public final class Evaluator {
  private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);
  public static final String REPORT = "report.png";

  private final SparkSession spark;
  private final EvaluateConfig config;
  private final Warehouse warehouse;

  public Evaluator(SparkSession spark, EvaluateConfig config) {
    this.spark = spark;
    this.config = config;
    this.warehouse = new Warehouse(spark, config.warehouse());
  }

  public EvaluateResult run() {
    try (Steps steps = new Steps(spark, "evaluate", config.runId(), LOG)) {
      steps.next("evaluate: model, data and split");
      return run(steps);
    }
  }

  private EvaluateResult run(Steps steps) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    String modelDir = modelDirectory();
    ModelArtifact model = ModelArtifact.load(sc.hadoopConfiguration(), modelDir);
    String input =
        config.input() != null
            ? config.input()
            : new Path(model.vocabularyPath()).getParent().toString();
    String configured = config.split();
    Dataset<FeatureRow> labelled =
        ModelInput.features(
                spark,
                model,
                input,
                EvaluateConfig.INPUT,
                config.maxTokens(),
                config.keepTail(),
                configured == null || configured.equals(EvaluateConfig.ALL_SPLITS)
                    ? null
                    : configured)
            .filter(col("labelIndex").geq(0));
    String split = configured != null ? configured : defaultSplit(labelled, input);
    LOG.info(
        "Evaluate {}: model {} ({}) on the {} split of {}",
        config.runId(),
        model.runId(),
        modelDir,
        split,
        input);
    Dataset<FeatureRow> scored =
        split.equals(EvaluateConfig.ALL_SPLITS)
            ? labelled
            : labelled.filter(col("split").equalTo(split));
    Scorer scorer = new Scorer(sc, model.network(), model.input(), model.labels().size());
    Dataset<Prediction> predictions = scorer.score(scored);
    if (config.predictions()) {
      // scored once for the metrics and the predictions table (the metrics cache their own input)
      predictions = predictions.persist(StorageLevel.MEMORY_AND_DISK());
    }
    try {
      steps.next("evaluate: score and compute metrics");
      MetricsReport report =
          new ClassificationMetrics(
                  model.labels(),
                  config.threshold(),
                  config.calibrationBins(),
                  config.sliceBySource(),
                  config.lengthBuckets())
              .compute(predictions);
      long reviews = Math.round(report.value(ClassificationMetrics.ALL, "count"));
      if (reviews == 0) {
        throw new IllegalArgumentException(
            "the " + split + " split of " + input + " has no labelled review to evaluate on");
      }
      steps.next("evaluate: warehouse tables and report");
      writeTables(model, split, report, predictions);
      String image = null;
      ModelStore out =
          new ModelStore(
              sc.hadoopConfiguration(), new Path(config.output(), config.runId()).toString());
      if (config.report()) {
        image = out.path(REPORT);
        out.writeBytes(REPORT, ReportCharts.png(report, model.labels(), config.runId()));
      }
      out.writeJson("metrics.json", headline(model, split, report));
      LOG.info(
          "Evaluate {} done: {} reviews, accuracy {}, ROC-AUC {}",
          config.runId(),
          reviews,
          report.value(ClassificationMetrics.ALL, "accuracy"),
          report.value(ClassificationMetrics.ALL, "roc_auc"));
      return new EvaluateResult(
          config.runId(),
          model.runId(),
          modelDir,
          input,
          split,
          reviews,
          report,
          image,
          warehouse.root());
    } finally {
      predictions.unpersist();
      scorer.close();
    }
  }

  /** The configured model directory, a train run id's, or the latest succeeded train run's. */
  private String modelDirectory() {
    if (config.model() != null) {
      return config.model();
    }
    if (config.modelRunId() != null) {
      return new Path(config.models(), config.modelRunId()).toString();
    }
    if (warehouse.exists(Warehouse.RUNS)) {
      List<Row> latest =
          warehouse
              .table(Warehouse.RUNS)
              .filter(
                  col("job")
                      .equalTo("train")
                      .and(col("status").equalTo(RunRecord.SUCCEEDED))
                      .and(col("model_path").isNotNull()))
              .orderBy(col("end_time").desc())
              .select("model_path")
              .limit(1)
              .collectAsList();
      if (!latest.isEmpty()) {
        return latest.get(0).getString(0);
      }
    }
    throw new InvalidConfigException(
        "no model to evaluate: set "
            + EvaluateConfig.MODEL
            + " or "
            + EvaluateConfig.MODEL_RUN_ID
            + ", or run train first (the warehouse "
            + warehouse.root()
            + " records no succeeded train run)");
  }

  /**
   * test when it has labelled reviews, else validation; found by reading the data, so a run without
   * either fails (exit 1), naming the labelled reviews per split.
   */
  private static String defaultSplit(Dataset<FeatureRow> labelled, String input) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Row r : labelled.groupBy("split").count().collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
    }
    return EvaluateConfig.defaultSplit(counts, input);
  }

  private void writeTables(
      ModelArtifact model, String split, MetricsReport report, Dataset<Prediction> predictions) {
    String m = model.runId();
    warehouse.replaceRun(
        Warehouse.EVAL_METRICS,
        config.runId(),
        table(
            report.metrics(),
            "model_run_id STRING, split STRING, slice STRING, label STRING, metric STRING,"
                + " value DOUBLE",
            (Metric x) ->
                RowFactory.create(m, split, x.slice(), x.label(), x.metric(), x.value())));
    warehouse.replaceRun(
        Warehouse.CONFUSION_MATRIX,
        config.runId(),
        table(
            report.confusion(),
            "model_run_id STRING, split STRING, slice STRING, actual STRING, predicted STRING,"
                + " count BIGINT",
            (ConfusionCell x) ->
                RowFactory.create(m, split, x.slice(), x.actual(), x.predicted(), x.count())));
    warehouse.replaceRun(
        Warehouse.CALIBRATION,
        config.runId(),
        table(
            report.calibration(),
            "model_run_id STRING, split STRING, slice STRING, bin INT, lower DOUBLE, upper DOUBLE,"
                + " mean_predicted DOUBLE, observed_rate DOUBLE, count BIGINT",
            (CalibrationBin x) ->
                RowFactory.create(
                    m,
                    split,
                    x.slice(),
                    x.bin(),
                    x.lower(),
                    x.upper(),
                    x.meanPredicted(),
                    x.observedRate(),
                    x.count())));
    warehouse.replaceRun(
        Warehouse.ROC_CURVE,
        config.runId(),
        table(
            report.roc(),
            "model_run_id STRING, split STRING, label STRING, fpr DOUBLE, tpr DOUBLE,"
                + " threshold DOUBLE",
            (RocPoint x) ->
                RowFactory.create(m, split, x.label(), x.fpr(), x.tpr(), x.threshold())));
    if (config.predictions()) {
      List<String> labels = model.labels();
      Dataset<Row> rows =
          Tables.toTable(predictions)
              .withColumn("model_run_id", lit(m))
              .withColumn("split", lit(split))
              .withColumn("label", labelName(labels, col("label_index")))
              .withColumn(
                  "predicted",
                  labelName(
                      labels,
                      ClassificationMetrics.predictedIndex(labels.size(), config.threshold())));
      warehouse.replaceRun(Warehouse.PREDICTIONS, config.runId(), rows);
    }
  }

  private static Column labelName(List<String> labels, Column index) {
    Column[] names = labels.stream().map(l -> lit(l)).toArray(Column[]::new);
    return element_at(array(names), index.plus(1).cast("int"));
  }

  private <T> Dataset<Row> table(List<T> items, String ddl, Function<T, Row> row) {
    List<Row> rows = new ArrayList<>(items.size());
    for (T item : items) {
      rows.add(row.apply(item));
    }
    StructType schema = StructType.fromDDL(ddl);
    return spark.createDataFrame(rows, schema);
  }

  private Map<String, Object> headline(ModelArtifact model, String split, MetricsReport report) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("run_id", config.runId());
    h.put("model_run_id", model.runId());
    h.put("split", split);
    for (String metric :
        List.of("count", "accuracy", "macro_f1", "roc_auc", "pr_auc", "log_loss", "brier", "ece")) {
      double v = report.value(ClassificationMetrics.ALL, metric);
      if (!Double.isNaN(v)) {
        h.put(metric, v);
      }
    }
    return h;
  }
}
