package io.polarity.model.evaluate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.polarity.model.engine.Prediction;
import io.polarity.model.evaluate.MetricsReport.CalibrationBin;
import io.polarity.model.evaluate.MetricsReport.ConfusionCell;
import io.polarity.model.evaluate.MetricsReport.Metric;
import io.polarity.model.evaluate.MetricsReport.RocPoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;

/**
 * Classification metrics of scored reviews, computed with Spark aggregations (only per-slice totals
 * reach the driver), for the whole split ({@code all}) and per slice ({@code source=X}, {@code
 * length=A-B} in tokens).
 *
 * <p>Definitions: the predicted class is the most probable one, except for two classes, where the
 * second is predicted when its probability is at least the threshold. Precision, recall and F1 are
 * per class (F1 = 2TP / (2TP + FP + FN)); a value whose denominator is zero is undefined and not
 * reported, and the macro averages are over the classes where it is defined. With one label per
 * review, micro precision, recall and F1 all equal accuracy. ROC-AUC is the probability that a
 * random positive scores above a random negative, ties counting one half (exact, over every
 * distinct score); PR-AUC is average precision (the precision at each distinct score weighted by
 * the recall it adds). Both are for the second class of a binary model and macro averages of
 * one-vs-rest values otherwise, and are undefined on a slice without both outcomes. Log loss is the
 * mean of -ln p(true class) with p clipped at 1e-15. The Brier score is the mean squared error of
 * the second class's probability (binary) or the mean summed squared error over classes.
 * Calibration bins the second class's probability (binary) or the predicted class's confidence into
 * equal-width bins; the expected calibration error is the count-weighted mean gap between mean
 * probability and observed rate.
 */
public final class ClassificationMetrics {
  public static final String ALL = "all";

  private final List<String> labels;
  private final double threshold;
  private final int bins;
  private final boolean bySource;
  private final int[] lengthBuckets;

  public ClassificationMetrics(
      List<String> labels, double threshold, int bins, boolean bySource, int[] lengthBuckets) {
    if (labels.size() < 2) {
      throw new IllegalArgumentException(
          "a classifier needs at least two labels, but the model has " + labels);
    }
    this.labels = List.copyOf(labels);
    this.threshold = threshold;
    this.bins = bins;
    this.bySource = bySource;
    this.lengthBuckets = lengthBuckets.clone();
  }

  public MetricsReport compute(Dataset<Prediction> predictions) {
    int k = labels.size();
    boolean binary = k == 2;
    Column p = col("probabilities");
    Column y = col("label_index");
    Column predicted = predictedIndex(k, threshold);
    Column score = binary ? element_at(p, 2) : array_max(p);
    Dataset<Row> scored =
        predictions
            .select(
                col("labelIndex").as("label_index"),
                col("probabilities"),
                explode(slices()).as("slice"))
            .withColumn("predicted", predicted)
            .withColumn("score", score)
            .withColumn(
                "event", (binary ? y.equalTo(1) : col("predicted").equalTo(y)).cast("double"))
            .withColumn(
                "log_loss", log(greatest(element_at(p, y.plus(1)), lit(1e-15))).multiply(-1.0))
            .withColumn("brier", brier(binary, k))
            .persist(StorageLevel.MEMORY_AND_DISK());
    // The sorted score counts behind both the AUCs and the curve, computed for each (not cached:
    // a cached plan keeps its 200 shuffle partitions, and its window ran 200 tasks of about 0.1 s
    // each, 8 s for 22,000 reviews on 2 cores, where adaptive execution coalesces the uncached
    // query's partitions to a few)
    Dataset<Row> cumulative = cumulative(scored, binary);
    try {
      List<Metric> metrics = new ArrayList<>();
      List<ConfusionCell> confusion = confusion(scored);
      Map<String, long[][]> matrices = matrices(confusion);
      Map<String, Row> totals = new LinkedHashMap<>();
      for (Row r :
          scored
              .groupBy("slice")
              .agg(count(lit(1)), sum("log_loss"), sum("brier"))
              .collectAsList()) {
        totals.put(r.getString(0), r);
      }
      List<CalibrationBin> calibration = calibration(scored);
      Map<String, double[]> ranking = ranking(cumulative);
      for (Map.Entry<String, long[][]> e : new TreeMap<>(matrices).entrySet()) {
        String slice = e.getKey();
        Row t = totals.get(slice);
        long n = t.getLong(1);
        classMetrics(slice, e.getValue(), n, metrics);
        metrics.add(new Metric(slice, null, "log_loss", t.getDouble(2) / n));
        metrics.add(new Metric(slice, null, "brier", t.getDouble(3) / n));
        metrics.add(new Metric(slice, null, "ece", ece(calibration, slice, n)));
        rankingMetrics(slice, ranking, binary, metrics);
      }
      List<RocPoint> roc = rocCurve(cumulative);
      return new MetricsReport(metrics, confusion, calibration, roc);
    } finally {
      scored.unpersist();
    }
  }

  /**
   * The predicted label index of a {@code probabilities} column: the second class at or above the
   * threshold for two classes, the (first) most probable class otherwise.
   */
  public static Column predictedIndex(int classes, double threshold) {
    Column p = col("probabilities");
    return classes == 2
        ? when(element_at(p, 2).geq(threshold), 1).otherwise(0)
        : array_position(p, array_max(p)).cast("int").minus(1);
  }

  /** Each review's slices: all, its source, its length bucket. */
  private Column slices() {
    List<Column> names = new ArrayList<>();
    names.add(lit(ALL));
    if (bySource) {
      names.add(concat(lit("source="), col("source")));
    }
    if (lengthBuckets.length > 0) {
      // ascending bounds, each later one taking precedence: the highest bound a review reaches
      Column bucket = lit(null).cast("string");
      for (int i = 0; i < lengthBuckets.length; i++) {
        String name =
            "length="
                + lengthBuckets[i]
                + (i + 1 < lengthBuckets.length ? "-" + (lengthBuckets[i + 1] - 1) : "+");
        bucket = when(col("numTokens").geq(lengthBuckets[i]), lit(name)).otherwise(bucket);
      }
      names.add(bucket);
    }
    return array(names.toArray(Column[]::new));
  }

  private static Column brier(boolean binary, int k) {
    if (binary) {
      return pow(element_at(col("probabilities"), 2).minus(col("label_index")), 2);
    }
    return expr(
        "aggregate(sequence(0, "
            + (k - 1)
            + "), 0D, (acc, c) -> acc + pow(element_at(probabilities, c + 1)"
            + " - if(c = label_index, 1D, 0D), 2))");
  }

  private List<ConfusionCell> confusion(Dataset<Row> scored) {
    List<ConfusionCell> cells = new ArrayList<>();
    for (Row r :
        scored
            .groupBy("slice", "label_index", "predicted")
            .count()
            .orderBy("slice", "label_index", "predicted")
            .collectAsList()) {
      cells.add(
          new ConfusionCell(
              r.getString(0), labels.get(r.getInt(1)), labels.get(r.getInt(2)), r.getLong(3)));
    }
    return cells;
  }

  private Map<String, long[][]> matrices(List<ConfusionCell> cells) {
    Map<String, long[][]> bySlice = new LinkedHashMap<>();
    for (ConfusionCell c : cells) {
      long[][] m = bySlice.computeIfAbsent(c.slice(), s -> new long[labels.size()][labels.size()]);
      m[labels.indexOf(c.actual())][labels.indexOf(c.predicted())] += c.count();
    }
    return bySlice;
  }

  private void classMetrics(String slice, long[][] m, long n, List<Metric> out) {
    int k = labels.size();
    long correct = 0;
    double[] precision = new double[k];
    double[] recall = new double[k];
    double[] f1 = new double[k];
    for (int c = 0; c < k; c++) {
      correct += m[c][c];
      long predictedC = 0;
      long actualC = 0;
      for (int o = 0; o < k; o++) {
        predictedC += m[o][c];
        actualC += m[c][o];
      }
      precision[c] = predictedC == 0 ? Double.NaN : (double) m[c][c] / predictedC;
      recall[c] = actualC == 0 ? Double.NaN : (double) m[c][c] / actualC;
      // 2TP / (2TP + FP + FN): defined whenever the class occurs or is predicted
      long tpFpFn = predictedC + actualC;
      f1[c] = tpFpFn == 0 ? Double.NaN : 2.0 * m[c][c] / tpFpFn;
    }
    double accuracy = (double) correct / n;
    out.add(new Metric(slice, null, "count", n));
    out.add(new Metric(slice, null, "accuracy", accuracy));
    for (int c = 0; c < k; c++) {
      addDefined(out, slice, labels.get(c), "precision", precision[c]);
      addDefined(out, slice, labels.get(c), "recall", recall[c]);
      addDefined(out, slice, labels.get(c), "f1", f1[c]);
    }
    addDefined(out, slice, null, "macro_precision", meanOfDefined(precision));
    addDefined(out, slice, null, "macro_recall", meanOfDefined(recall));
    addDefined(out, slice, null, "macro_f1", meanOfDefined(f1));
    out.add(new Metric(slice, null, "micro_precision", accuracy));
    out.add(new Metric(slice, null, "micro_recall", accuracy));
    out.add(new Metric(slice, null, "micro_f1", accuracy));
  }

  private List<CalibrationBin> calibration(Dataset<Row> scored) {
    List<CalibrationBin> result = new ArrayList<>();
    Column bin = least(floor(col("score").multiply(bins)).cast("int"), lit(bins - 1));
    for (Row r :
        scored
            .withColumn("bin", bin)
            .groupBy("slice", "bin")
            .agg(avg("score"), avg("event"), count(lit(1)))
            .orderBy("slice", "bin")
            .collectAsList()) {
      int b = r.getInt(1);
      result.add(
          new CalibrationBin(
              r.getString(0),
              b,
              (double) b / bins,
              (double) (b + 1) / bins,
              r.getDouble(2),
              r.getDouble(3),
              r.getLong(4)));
    }
    return result;
  }

  private static double ece(List<CalibrationBin> calibration, String slice, long n) {
    double sum = 0;
    for (CalibrationBin b : calibration) {
      if (b.slice().equals(slice)) {
        sum += b.count() * Math.abs(b.observedRate() - b.meanPredicted());
      }
    }
    return sum / n;
  }

  /**
   * One-vs-rest score counts per (slice, class, distinct score), with the counts of positives and
   * negatives scored at or above it: the basis of exact ROC-AUC, average precision and the curve.
   */
  private Dataset<Row> cumulative(Dataset<Row> scored, boolean binary) {
    Dataset<Row> perClass = null;
    for (int c = binary ? 1 : 0; c < labels.size(); c++) {
      Dataset<Row> one =
          scored.select(
              col("slice"),
              lit(c).as("class"),
              element_at(col("probabilities"), c + 1).as("s"),
              col("label_index").equalTo(c).cast("long").as("pos"));
      perClass = perClass == null ? one : perClass.union(one);
    }
    WindowSpec upToHere =
        Window.partitionBy("slice", "class")
            .orderBy(col("s").desc())
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    return perClass
        .groupBy("slice", "class", "s")
        .agg(sum("pos").as("p"), sum(lit(1L).minus(col("pos"))).as("n"))
        .withColumn("cum_p", sum("p").over(upToHere))
        .withColumn("cum_n", sum("n").over(upToHere));
  }

  /** Per "slice/class": {AUC numerator, AP numerator, positives, negatives}. */
  private static Map<String, double[]> ranking(Dataset<Row> cumulative) {
    Map<String, double[]> result = new LinkedHashMap<>();
    Column aucTerm = col("n").multiply(col("cum_p").minus(col("p")).plus(col("p").multiply(0.5)));
    Column apTerm = col("p").multiply(col("cum_p")).divide(col("cum_p").plus(col("cum_n")));
    for (Row r :
        cumulative
            .groupBy("slice", "class")
            .agg(sum(aucTerm), sum(apTerm), sum("p"), sum("n"))
            .collectAsList()) {
      result.put(
          r.getString(0) + "/" + r.getInt(1),
          new double[] {r.getDouble(2), r.getDouble(3), r.getLong(4), r.getLong(5)});
    }
    return result;
  }

  private void rankingMetrics(
      String slice, Map<String, double[]> ranking, boolean binary, List<Metric> out) {
    List<Double> aucs = new ArrayList<>();
    List<Double> aps = new ArrayList<>();
    for (int c = binary ? 1 : 0; c < labels.size(); c++) {
      double[] r = ranking.get(slice + "/" + c);
      if (r == null || r[2] == 0 || r[3] == 0) {
        continue; // one outcome only: neither is defined
      }
      double auc = r[0] / (r[2] * r[3]);
      double ap = r[1] / r[2];
      aucs.add(auc);
      aps.add(ap);
      if (!binary) {
        out.add(new Metric(slice, labels.get(c), "roc_auc", auc));
        out.add(new Metric(slice, labels.get(c), "pr_auc", ap));
      }
    }
    if (!aucs.isEmpty()) {
      out.add(new Metric(slice, null, "roc_auc", mean(aucs)));
      out.add(new Metric(slice, null, "pr_auc", mean(aps)));
    }
  }

  /**
   * The whole split's ROC curve per class, thinned to one point per 0.001 of false positive rate.
   */
  private List<RocPoint> rocCurve(Dataset<Row> cumulative) {
    Dataset<Row> all = cumulative.filter(col("slice").equalTo(ALL));
    WindowSpec perClass = Window.partitionBy("class");
    Dataset<Row> rates =
        all.withColumn("tpr", col("cum_p").divide(sum("p").over(perClass)))
            .withColumn("fpr", col("cum_n").divide(sum("n").over(perClass)))
            .filter("tpr IS NOT NULL AND fpr IS NOT NULL");
    List<RocPoint> points = new ArrayList<>();
    for (Row r :
        rates
            .groupBy(col("class"), round(col("fpr"), 3).as("fpr_step"))
            .agg(max("fpr"), max("tpr"), min("s"))
            .orderBy("class", "fpr_step")
            .collectAsList()) {
      points.add(
          new RocPoint(labels.get(r.getInt(0)), r.getDouble(2), r.getDouble(3), r.getDouble(4)));
    }
    return points;
  }

  private static void addDefined(
      List<Metric> out, String slice, String label, String metric, double value) {
    if (!Double.isNaN(value)) {
      out.add(new Metric(slice, label, metric, value));
    }
  }

  private static double meanOfDefined(double[] values) {
    double sum = 0;
    int n = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }
}
