package io.polarity.pipeline.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polarity.pipeline.SparkTestBase;
import io.polarity.pipeline.config.InvalidConfigException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The warehouse is read-only to queries: every kind of statement that writes is refused. */
class MetricsQueriesTest extends SparkTestBase {
  @TempDir Path dir;
  private MetricsQueries queries;

  @BeforeEach
  void warehouse() {
    Warehouse warehouse = new Warehouse(spark, dir.resolve("warehouse").toString());
    warehouse.replaceRun(
        Warehouse.DATA_QUALITY,
        "r1",
        spark.createDataFrame(
            List.of(RowFactory.create("ingest", "s", null, "read", 3.0)),
            StructType.fromDDL(
                "job STRING, source STRING, split STRING, metric STRING, value DOUBLE")));
    queries = new MetricsQueries(spark, warehouse);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "INSERT OVERWRITE DIRECTORY '%s' USING parquet SELECT 1 AS x",
        "INSERT OVERWRITE LOCAL DIRECTORY '%s' SELECT 1",
        "INSERT INTO data_quality SELECT * FROM data_quality",
        "WITH x AS (SELECT 1 AS a) INSERT INTO t SELECT * FROM x",
        "FROM data_quality INSERT INTO t SELECT *",
        "CREATE TABLE t USING parquet LOCATION '%s' AS SELECT 1 AS x",
        "CREATE TABLE t (a INT) USING parquet",
        "CREATE OR REPLACE TEMPORARY VIEW data_quality AS SELECT 1 AS x",
        "CREATE VIEW v AS SELECT 1",
        "CREATE FUNCTION f AS 'x.Y'",
        "CREATE DATABASE d",
        "DROP TABLE data_quality",
        "DROP VIEW data_quality",
        "ALTER TABLE data_quality ADD COLUMNS (b INT)",
        "TRUNCATE TABLE data_quality",
        "DELETE FROM data_quality WHERE value > 0",
        "UPDATE data_quality SET value = 0",
        "MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE",
        "SET spark.sql.shuffle.partitions=1",
        "RESET",
        "LOAD DATA INPATH '%s' INTO TABLE t",
        "ADD JAR '%s'",
        "CACHE TABLE data_quality",
        "REFRESH TABLE data_quality",
        "USE db",
        "EXPLAIN INSERT INTO t SELECT 1",
        "SELECT reflect('java.lang.System', 'getProperty', 'user.home')",
        "SELECT TRANSFORM(metric) USING 'touch %s' AS (x) FROM data_quality",
        "WITH q AS (SELECT TRANSFORM(1) USING 'cat' AS (a)) SELECT * FROM q",
        "SELECT * FROM data_quality WHERE metric = java_method('java.lang.String', 'valueOf', 1)"
      })
  void refusesAStatementThatWouldChangeSomething(String statement) {
    String target = dir.resolve("target").toString();
    String sql = statement.formatted(target);

    assertThatThrownBy(() -> queries.sql(sql))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith(
            "only queries may run over the warehouse (SELECT, WITH, SHOW, DESCRIBE, EXPLAIN);"
                + " this statement would write, create, drop, alter, set or load something: ");
    assertThat(dir.resolve("target")).doesNotExist();
    assertThat(queries.sql("SELECT value FROM data_quality").collectAsList())
        .extracting(r -> r.getDouble(0))
        .containsExactly(3.0);
  }

  @Test
  void runsQueriesAndReadOnlyCommands() {
    assertThat(
            queries
                .sql(
                    "WITH q AS (SELECT * FROM data_quality) SELECT metric FROM q"
                        + " WHERE run_id IN (SELECT run_id FROM data_quality)")
                .collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("read");
    assertThat(queries.sql("SHOW TABLES").collectAsList())
        .extracting(r -> r.getString(1))
        .contains("data_quality");
    assertThat(queries.sql("DESCRIBE data_quality").collectAsList())
        .extracting(r -> r.getString(0))
        .contains("metric", "value");
    assertThat(queries.sql("EXPLAIN SELECT * FROM data_quality").count()).isEqualTo(1);
  }
}
