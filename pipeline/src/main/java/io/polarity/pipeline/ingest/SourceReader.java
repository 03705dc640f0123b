package io.polarity.pipeline.ingest;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the files of a text source (CSV, JSON Lines, lines) into raw records, distributedly; it
 * never fails on a bad record. The files have passed {@link FileCheck}.
 */
interface SourceReader {
  Dataset<RawReview> read(SourceConfig source, List<String> files);

  static SourceReader forFormat(SparkSession spark, InputFormat format) {
    return switch (format) {
      case CSV -> new CsvReader(spark);
      case JSONL -> new JsonLinesReader(spark);
      case LINES -> new LinesReader(spark);
      case ACLIMDB -> throw new IllegalArgumentException("aclimdb is read by AclImdbReader");
    };
  }
}
