package io.polarity.pipeline.ingest;

import static org.apache.spark.sql.functions.input_file_name;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads delimited files with a header. Every column is read as a string; rows the parser cannot
 * split against the header (wrong field count, broken quoting) arrive in a corrupt-record column
 * and are quarantined as {@code malformed_csv}.
 */
final class CsvReader implements SourceReader {
  static final String CORRUPT = "_polarity_corrupt_record";
  static final String FILE = "_polarity_source_file";

  private final SparkSession spark;

  CsvReader(SparkSession spark) {
    this.spark = spark;
  }

  @Override
  public Dataset<RawReview> read(SourceConfig source) {
    StructType header = reader(source).option("header", true).csv(source.path()).schema();
    List<String> names = Arrays.asList(header.fieldNames());
    SourceConfig.Columns c = source.columns();
    for (String wanted : new String[] {c.text(), c.label(), c.id(), c.rating()}) {
      if (wanted != null && !names.contains(wanted)) {
        throw new IllegalArgumentException(
            "ingest source '"
                + source.name()
                + "': CSV column '"
                + wanted
                + "' is not in the header of "
                + source.path()
                + "; columns are "
                + names);
      }
    }
    StructField[] fields = new StructField[names.size() + 1];
    for (int i = 0; i < names.size(); i++) {
      fields[i] = DataTypes.createStructField(names.get(i), DataTypes.StringType, true);
    }
    fields[names.size()] = DataTypes.createStructField(CORRUPT, DataTypes.StringType, true);
    String name = source.name();
    return reader(source)
        .option("header", true)
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        .schema(new StructType(fields))
        .csv(source.path())
        .withColumn(FILE, input_file_name())
        .map((MapFunction<Row, RawReview>) row -> toRaw(name, c, row), RawReview.ENCODER);
  }

  private DataFrameReader reader(SourceConfig source) {
    SourceConfig.CsvOptions o = source.csv();
    return spark
        .read()
        .option("sep", String.valueOf(o.separator()))
        .option("quote", String.valueOf(o.quote()))
        .option("escape", String.valueOf(o.escape()))
        .option("multiLine", o.multiLine())
        .option("encoding", "UTF-8")
        .option("inferSchema", false);
  }

  static RawReview toRaw(String source, SourceConfig.Columns c, Row row) {
    String file = row.getAs(FILE);
    String corrupt = row.getAs(CORRUPT);
    if (corrupt != null) {
      return RawReview.unreadable(
          source,
          file,
          QuarantineReason.MALFORMED_CSV,
          "row does not parse against the header's columns",
          corrupt);
    }
    return RawReview.parsed(
        source,
        file,
        field(row, c.id()),
        field(row, c.text()),
        field(row, c.label()),
        field(row, c.rating()),
        null);
  }

  static String field(Row row, String name) {
    return name == null ? null : row.getAs(name);
  }
}
