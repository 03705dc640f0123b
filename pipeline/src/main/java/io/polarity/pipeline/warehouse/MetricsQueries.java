package io.polarity.pipeline.warehouse;

import io.polarity.pipeline.config.InvalidConfigException;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The questions people ask the warehouse every morning, as Spark SQL over its tables (registered as
 * views of the same names).
 */
public final class MetricsQueries {
  /** Whole-split metrics shown as a run's headline, in this order. */
  public static final List<String> HEADLINE =
      List.of("count", "accuracy", "macro_f1", "roc_auc", "pr_auc", "log_loss", "brier", "ece");

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final List<String> views;

  public MetricsQueries(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.views = warehouse.registerViews();
  }

  /** The tables registered as views (those written so far). */
  public List<String> views() {
    return views;
  }

  /**
   * Any query over the warehouse's views. A statement that would write, create, drop, alter, set or
   * load anything is refused before it runs ({@link QueryGuard}), as is a query Spark cannot parse
   * or resolve.
   */
  public Dataset<Row> sql(String query) {
    try {
      QueryGuard.requireQuery(spark, query);
      return spark.sql(query);
    } catch (AnalysisException e) { // parse errors too: ParseException extends it
      throw new InvalidConfigException(
          "not a valid query over the warehouse "
              + warehouse.root()
              + " (its views: "
              + views
              + "): "
              // a parse error's message starts with a blank line
              + e.getMessage().lines().filter(l -> !l.isBlank()).findFirst().orElse(""),
          e);
    }
  }

  /** The latest succeeded evaluate run: run id, date, model run id, split; empty when none. */
  public Dataset<Row> latestEvaluation() {
    require(Warehouse.RUNS);
    require(Warehouse.EVAL_METRICS);
    return spark.sql(
        "SELECT r.run_id, r.run_date, m.model_run_id, m.split, r.end_time"
            + " FROM runs r JOIN (SELECT DISTINCT run_id, model_run_id, split FROM eval_metrics) m"
            + " ON r.run_id = m.run_id"
            + " WHERE r.job = 'evaluate' AND r.status = 'succeeded'"
            + " ORDER BY r.end_time DESC LIMIT 1");
  }

  /** The headline metrics of one evaluate run (metric, value), in {@link #HEADLINE} order. */
  public Dataset<Row> headline(String runId) {
    requireEvaluation(runId);
    return spark.sql(
        "SELECT metric, value FROM eval_metrics"
            + " WHERE run_id = '"
            + runId
            + "' AND slice = 'all' AND label IS NULL AND metric IN ("
            + quoted(HEADLINE)
            + ") ORDER BY array_position(array("
            + quoted(HEADLINE)
            + "), metric)");
  }

  /** Two evaluate runs' whole-split metrics side by side: metric, a, b, b - a. */
  public Dataset<Row> compare(String a, String b) {
    requireEvaluation(a);
    requireEvaluation(b);
    return spark.sql(
        "SELECT metric, a.value AS a, b.value AS b, b.value - a.value AS difference"
            + " FROM (SELECT metric, value FROM eval_metrics WHERE run_id = '"
            + a
            + "' AND slice = 'all' AND label IS NULL) a"
            + " FULL OUTER JOIN (SELECT metric, value FROM eval_metrics WHERE run_id = '"
            + b
            + "' AND slice = 'all' AND label IS NULL) b USING (metric)"
            + " ORDER BY coalesce(nullif(array_position(array("
            + quoted(HEADLINE)
            + "), metric), 0), 100), metric");
  }

  private void requireEvaluation(String runId) {
    require(Warehouse.EVAL_METRICS);
    if (!runId.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")) {
      throw new InvalidConfigException("not a run id: '" + runId + "'");
    }
    if (spark.sql("SELECT 1 FROM eval_metrics WHERE run_id = '" + runId + "' LIMIT 1").isEmpty()) {
      throw new InvalidConfigException(
          "no evaluate run '"
              + runId
              + "' in "
              + warehouse.path(Warehouse.EVAL_METRICS)
              + " (list them with: polarity metrics sql \"SELECT DISTINCT run_id FROM"
              + " eval_metrics\")");
    }
  }

  private void require(String table) {
    if (!warehouse.exists(table)) {
      throw new InvalidConfigException(
          "the warehouse "
              + warehouse.root()
              + " has no "
              + table
              + " table yet: run the jobs (or point --warehouse at their warehouse) first");
    }
  }

  private static String quoted(List<String> names) {
    return String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
  }
}
