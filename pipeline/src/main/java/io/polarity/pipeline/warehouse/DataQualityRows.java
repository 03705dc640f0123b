package io.polarity.pipeline.warehouse;

import io.polarity.pipeline.ingest.DataQualityRow;
import io.polarity.pipeline.ingest.IngestResult;
import io.polarity.pipeline.preprocess.PreprocessResult;
import io.polarity.pipeline.preprocess.ReportRow;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The warehouse's {@code data_quality} rows (job, source, split, metric, value) of an ingest run
 * (per source) or a preprocess run (per split), from the counts the stage holds in memory.
 */
public final class DataQualityRows {
  private static final StructType SCHEMA =
      StructType.fromDDL("job STRING, source STRING, split STRING, metric STRING, value DOUBLE");

  private DataQualityRows() {}

  public static Dataset<Row> of(SparkSession spark, IngestResult result) {
    List<Row> rows = new ArrayList<>();
    for (DataQualityRow r : result.dataQuality()) {
      rows.add(
          RowFactory.create(r.getJob(), r.getSource(), null, r.getMetric(), (double) r.getValue()));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  /** The metric of a warehouse file that a run's reads went without ({@link Warehouse#table}). */
  public static final String DAMAGED_FILE = "warehouse.damaged_file";

  /**
   * One row per damaged warehouse file a run read without: its path below the warehouse root as the
   * source, {@link #DAMAGED_FILE} as the metric, 1 as the value.
   */
  static Dataset<Row> damaged(SparkSession spark, String job, List<String> relativePaths) {
    List<Row> rows = new ArrayList<>();
    for (String path : relativePaths) {
      rows.add(RowFactory.create(job, path, null, DAMAGED_FILE, 1.0));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  public static Dataset<Row> of(SparkSession spark, String job, PreprocessResult result) {
    List<Row> rows = new ArrayList<>();
    // the checked counts of read = featurized + quarantined (quarantined is in the report too)
    rows.add(RowFactory.create(job, null, "all", "read", (double) result.read()));
    rows.add(RowFactory.create(job, null, "all", "featurized", (double) result.featurized()));
    for (ReportRow r : result.report()) {
      rows.add(RowFactory.create(job, null, r.getSplit(), r.getMetric(), r.getValue()));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }
}
