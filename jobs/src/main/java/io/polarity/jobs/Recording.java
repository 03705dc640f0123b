package io.polarity.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.polarity.pipeline.warehouse.Heartbeats;
import io.polarity.pipeline.warehouse.Warehouse;

/**
 * How a job run is recorded in the warehouse's {@code runs} table: its run id, the warehouse root,
 * and its configuration section as JSON.
 */
record Recording(
    String job,
    String runId,
    String warehouseRoot,
    Heartbeats.Liveness liveness,
    String configJson) {

  Warehouse warehouse(org.apache.spark.sql.SparkSession spark) {
    return new Warehouse(spark, warehouseRoot);
  }

  /** Replaces this run's rows of the warehouse's {@code data_quality} table. */
  void writeDataQuality(
      org.apache.spark.sql.SparkSession spark,
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows) {
    warehouse(spark).replaceRun(Warehouse.DATA_QUALITY, runId, rows);
  }

  static Recording of(String job, String runId, Config config) {
    return new Recording(
        job,
        runId,
        Warehouse.root(config),
        Heartbeats.Liveness.from(config),
        config.getConfig(job).root().render(ConfigRenderOptions.concise()));
  }
}
