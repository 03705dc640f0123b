package io.polarity.pipeline.io;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Converts between typed beans (camelCase properties) and Parquet tables (snake_case columns, which
 * is what people type in SQL).
 */
public final class Tables {
  private Tables() {}

  /** The dataset with every column renamed to snake_case, ready to write. */
  public static <T> Dataset<Row> toTable(Dataset<T> rows) {
    Column[] columns =
        Arrays.stream(rows.columns()).map(c -> col(c).as(snakeCase(c))).toArray(Column[]::new);
    return rows.select(columns);
  }

  /** Reads a Parquet table written by {@link #toTable} back as typed rows. */
  public static <T> Dataset<T> read(SparkSession spark, String path, Encoder<T> encoder) {
    Column[] columns =
        Arrays.stream(encoder.schema().fieldNames())
            .map(f -> col(snakeCase(f)).as(f))
            .toArray(Column[]::new);
    return readTable(spark, path, encoder).select(columns).as(encoder);
  }

  /**
   * A Parquet table written by {@link #toTable} with its snake_case columns, read with the schema
   * the encoder gives it: a table without rows (a partitioned write of nothing leaves no Parquet
   * file to infer a schema from) reads as empty instead of failing.
   */
  public static <T> Dataset<Row> readTable(SparkSession spark, String path, Encoder<T> encoder) {
    StructType schema = new StructType();
    for (StructField f : encoder.schema().fields()) {
      schema = schema.add(snakeCase(f.name()), f.dataType(), f.nullable());
    }
    return spark.read().schema(schema).parquet(path);
  }

  public static String snakeCase(String camel) {
    StringBuilder sb = new StringBuilder(camel.length() + 4);
    for (char ch : camel.toCharArray()) {
      if (Character.isUpperCase(ch)) {
        sb.append('_').append(Character.toLowerCase(ch));
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }
}
