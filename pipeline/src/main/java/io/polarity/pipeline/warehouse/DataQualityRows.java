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
