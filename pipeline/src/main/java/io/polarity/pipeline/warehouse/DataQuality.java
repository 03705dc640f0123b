package io.polarity.pipeline.warehouse;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.polarity.pipeline.ingest.IngestResult;
import io.polarity.pipeline.io.Tables;
import io.polarity.pipeline.preprocess.PreprocessResult;
import io.polarity.pipeline.preprocess.ReportRow;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The warehouse's {@code data_quality} rows (job, source, split, metric, value) from the ingest's
 * data-quality counts (per source) and the preprocess corpus report (per split).
 */
public final class DataQuality {
  private DataQuality() {}

  public static Dataset<Row> fromIngest(SparkSession spark, IngestResult result) {
    return spark
        .read()
        .parquet(new Path(result.output(), IngestResult.DATA_QUALITY).toString())
        .select(
            lit("ingest").as("job"),
            col("source"),
            lit(null).cast("string").as("split"),
            col("metric"),
            col("value").cast("double").as("value"));
  }

  public static Dataset<Row> fromPreprocess(SparkSession spark, PreprocessResult result) {
    return Tables.toTable(spark.createDataset(result.report(), ReportRow.ENCODER))
        .select(
            lit("preprocess").as("job"),
            lit(null).cast("string").as("source"),
            col("split"),
            col("metric"),
            col("value").cast("double").as("value"));
  }
}
