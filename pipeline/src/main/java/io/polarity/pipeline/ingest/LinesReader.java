package io.polarity.pipeline.ingest;

import static org.apache.spark.sql.functions.input_file_name;

import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads text files with one review per line ({@code \n}, {@code \r\n} or {@code \r}; a UTF-8
 * byte-order mark is skipped). A line has no id, label or rating: its id is hashed from the source
 * name and the text, and its label is the source's {@code labels.fixed}. Blank lines are records
 * too, quarantined as {@code empty_text}.
 */
final class LinesReader implements SourceReader {
  private final SparkSession spark;

  LinesReader(SparkSession spark) {
    this.spark = spark;
  }

  @Override
  public Dataset<RawReview> read(SourceConfig source, List<String> files) {
    String name = source.name();
    return spark
        .read()
        .option("encoding", "UTF-8")
        .text(files.toArray(String[]::new))
        .withColumn(CsvReader.FILE, input_file_name())
        .map(
            (MapFunction<Row, RawReview>)
                row ->
                    RawReview.parsed(
                        name, row.getString(1), null, row.getString(0), null, null, null),
            RawReview.ENCODER);
  }
}
