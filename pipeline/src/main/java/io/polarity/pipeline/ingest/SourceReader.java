package io.polarity.pipeline.ingest;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;

/** Reads one source's files into raw records, distributedly; it never fails on a bad record. */
interface SourceReader {
  Dataset<RawReview> read(SourceConfig source);

  static SourceReader forFormat(SparkSession spark, InputFormat format) {
    return switch (format) {
      case ACLIMDB -> new AclImdbReader(spark);
      case CSV -> new CsvReader(spark);
      case JSONL -> new JsonLinesReader(spark);
    };
  }
}
