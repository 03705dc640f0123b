package io.polarity.pipeline.ingest;

import static org.apache.spark.sql.functions.input_file_name;

import io.polarity.pipeline.config.InvalidConfigException;
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
 * Reads delimited files, with a header naming the columns or ({@code csv.header = false}) with
 * columns named by position, {@code "0"} being the first. Every column is read as a string; rows
 * the parser cannot split into the file's columns (wrong field count, broken quoting) arrive in a
 * corrupt-record column and are quarantined as {@code malformed_csv}. The columns are those of the
 * first file (its header, or its first row's field count).
 */
final class CsvReader implements SourceReader {
  static final String CORRUPT = "_polarity_corrupt_record";
  static final String FILE = "_polarity_source_file";

  private final SparkSession spark;

  CsvReader(SparkSession spark) {
    this.spark = spark;
  }

  @Override
  public Dataset<RawReview> read(SourceConfig source, List<String> files) {
    String[] paths = files.toArray(String[]::new);
    boolean header = source.csv().header();
    List<String> names =
        Arrays.asList(reader(source).option("header", header).csv(paths).schema().fieldNames());
    if (names.isEmpty()) {
      return spark.emptyDataset(RawReview.ENCODER); // only empty files: no header, no record
    }
    SourceConfig.Columns c = columns(source.columns(), header);
    for (String wanted : c.all()) {
      if (wanted != null && !names.contains(wanted)) {
        throw new InvalidConfigException(
            "ingest source '"
                + source.name()
                + "': "
                + (header
                    ? "CSV column '" + wanted + "' is not in the header of " + source.path()
                    : "CSV column " + wanted.substring(2) + " does not exist in " + source.path())
                + "; columns are "
                + (header ? names : "0 to " + (names.size() - 1)));
      }
    }
    StructField[] fields = new StructField[names.size() + 1];
    for (int i = 0; i < names.size(); i++) {
      fields[i] = DataTypes.createStructField(names.get(i), DataTypes.StringType, true);
    }
    fields[names.size()] = DataTypes.createStructField(CORRUPT, DataTypes.StringType, true);
    String name = source.name();
    return reader(source)
        .option("header", header)
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        .schema(new StructType(fields))
        .csv(paths)
        .withColumn(FILE, input_file_name())
        .map((MapFunction<Row, RawReview>) row -> toRaw(name, c, row), RawReview.ENCODER);
  }

  /** Spark names the columns of a file without a header _c0, _c1, ... */
  private static SourceConfig.Columns columns(SourceConfig.Columns c, boolean header) {
    if (header) {
      return c;
    }
    return new SourceConfig.Columns(
        position(c.text()),
        position(c.label()),
        position(c.id()),
        position(c.rating()),
        position(c.group()));
  }

  private static String position(String index) {
    return index == null ? null : "_c" + Integer.parseInt(index);
  }

  /**
   * Spark 4's CSV reader takes only the charsets of its own short list (UTF-8, UTF-16, UTF-32,
   * ISO-8859-1, US-ASCII) unless this legacy setting is on; Spark 3.5 takes any Java charset and
   * does not know the setting. {@code ingest.source.encoding} is any Java charset on both lines.
   */
  static final String JAVA_CHARSETS = "spark.sql.legacy.javaCharsets";

  private DataFrameReader reader(SourceConfig source) {
    SourceConfig.CsvOptions o = source.csv();
    if (!"true".equals(spark.conf().get(JAVA_CHARSETS, "false"))) {
      spark.conf().set(JAVA_CHARSETS, "true");
    }
    return spark
        .read()
        .option("sep", String.valueOf(o.separator()))
        .option("quote", o.quote()) // empty: no quoting
        .option("escape", String.valueOf(o.escape()))
        .option("multiLine", o.multiLine())
        .option("encoding", source.encoding())
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
          "row does not parse into the file's columns",
          corrupt);
    }
    return RawReview.parsed(
            source,
            file,
            field(row, c.id()),
            field(row, c.text()),
            field(row, c.label()),
            field(row, c.rating()),
            null)
        .withGroup(field(row, c.group()));
  }

  static String field(Row row, String name) {
    return name == null ? null : row.getAs(name);
  }
}
