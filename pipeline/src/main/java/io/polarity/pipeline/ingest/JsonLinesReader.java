package io.polarity.pipeline.ingest;

import static org.apache.spark.sql.functions.input_file_name;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads JSON Lines (plain, {@code .gz} or {@code .bz2}; Hadoop picks the codec by extension; a
 * UTF-8 byte-order mark and {@code \r\n} line ends are fine). The configured fields are read as
 * strings whatever their JSON type (a numeric rating arrives as its digits); lines that are not
 * JSON objects are quarantined as {@code invalid_json}.
 */
final class JsonLinesReader implements SourceReader {
  private final SparkSession spark;

  JsonLinesReader(SparkSession spark) {
    this.spark = spark;
  }

  @Override
  public Dataset<RawReview> read(SourceConfig source, List<String> files) {
    SourceConfig.Columns c = source.columns();
    Set<String> wanted = new LinkedHashSet<>();
    for (String field : c.all()) {
      if (field != null) {
        wanted.add(field);
      }
    }
    StructType schema = new StructType();
    for (String field : wanted) {
      schema = schema.add(field, DataTypes.StringType, true);
    }
    schema = schema.add(CsvReader.CORRUPT, DataTypes.StringType, true);
    String name = source.name();
    return spark
        .read()
        .schema(schema)
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CsvReader.CORRUPT)
        .option("encoding", "UTF-8")
        .json(files.toArray(String[]::new))
        .withColumn(CsvReader.FILE, input_file_name())
        .map((MapFunction<Row, RawReview>) row -> toRaw(name, c, row), RawReview.ENCODER);
  }

  static RawReview toRaw(String source, SourceConfig.Columns c, Row row) {
    String file = row.getAs(CsvReader.FILE);
    String corrupt = row.getAs(CsvReader.CORRUPT);
    if (corrupt != null) {
      return RawReview.unreadable(
          source, file, QuarantineReason.INVALID_JSON, "line is not a JSON object", corrupt);
    }
    return RawReview.parsed(
            source,
            file,
            CsvReader.field(row, c.id()),
            CsvReader.field(row, c.text()),
            CsvReader.field(row, c.label()),
            CsvReader.field(row, c.rating()),
            null)
        .withGroup(CsvReader.field(row, c.group()));
  }
}
