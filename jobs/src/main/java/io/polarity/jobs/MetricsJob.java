package io.polarity.jobs;

import io.polarity.pipeline.warehouse.MetricsQueries;
import io.polarity.pipeline.warehouse.Warehouse;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.NumericType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code polarity metrics sql|latest|compare}: questions to the metrics warehouse. */
@Command(
    name = "metrics",
    mixinStandardHelpOptions = true,
    description = "Queries the metrics warehouse with Spark SQL; every table is a view.",
    subcommands = {MetricsJob.Sql.class, MetricsJob.Latest.class, MetricsJob.Compare.class})
public final class MetricsJob implements Runnable {
  @Mixin ConfigOptions config;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /** Output formats of the query commands. */
  public enum Format {
    table,
    csv,
    json
  }

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "name a query: sql, latest or compare");
  }

  String root() {
    return Warehouse.root(config.load());
  }

  int query(picocli.CommandLine.Model.CommandSpec sub, Function<MetricsQueries, String> body) {
    String root = root();
    return SparkSessions.run(
        "metrics",
        sub,
        spark -> body.apply(new MetricsQueries(spark, new Warehouse(spark, root))),
        text -> text);
  }

  @Command(name = "sql", mixinStandardHelpOptions = true, description = "Runs a Spark SQL query.")
  static final class Sql implements Callable<Integer> {
    @ParentCommand MetricsJob parent;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "QUERY", description = "e.g. \"SELECT * FROM runs\"")
    String query;

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        description = "table (default), csv or json (one object per line).")
    Format format = Format.table;

    @Option(
        names = "--max-rows",
        paramLabel = "N",
        description =
            "Rows printed at most in the table format (default 1000; csv and json print all).")
    int maxRows = 1000;

    @Override
    public Integer call() {
      return parent.query(spec, q -> render(q.sql(query), format, maxRows));
    }
  }

  @Command(
      name = "latest",
      mixinStandardHelpOptions = true,
      description = "The latest succeeded evaluation's headline metrics.")
  static final class Latest implements Callable<Integer> {
    @ParentCommand MetricsJob parent;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table, csv or json.")
    Format format = Format.table;

    @Override
    public Integer call() {
      return parent.query(
          spec,
          q -> {
            List<Row> latest = q.latestEvaluation().collectAsList();
            if (latest.isEmpty()) {
              return "no succeeded evaluate run in the warehouse yet\n";
            }
            Row r = latest.get(0);
            String title =
                format == Format.table
                    ? String.format(
                        Locale.ROOT,
                        "Latest evaluation %s (%s): model %s on the %s split%n",
                        r.getString(0),
                        r.get(1),
                        r.getString(2),
                        r.getString(3))
                    : "";
            return title + render(q.headline(r.getString(0)), format, 100);
          });
    }
  }

  @Command(
      name = "compare",
      mixinStandardHelpOptions = true,
      description = "Two evaluate runs' whole-split metrics side by side, with differences.")
  static final class Compare implements Callable<Integer> {
    @ParentCommand MetricsJob parent;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_A")
    String a;

    @Parameters(index = "1", paramLabel = "RUN_B")
    String b;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table, csv or json.")
    Format format = Format.table;

    @Override
    public Integer call() {
      return parent.query(spec, q -> render(q.compare(a, b), format, 1000));
    }
  }

  /** The rows as an aligned table, CSV (RFC 4180 quoting) or JSON Lines. */
  static String render(Dataset<Row> rows, Format format, int maxRows) {
    if (format == Format.json) {
      return String.join("\n", rows.toJSON().collectAsList()) + "\n";
    }
    String[] columns = rows.columns();
    List<Row> taken = format == Format.table ? rows.takeAsList(maxRows + 1) : rows.collectAsList();
    boolean cut = format == Format.table && taken.size() > maxRows;
    List<Row> shown = cut ? taken.subList(0, maxRows) : taken;
    StringBuilder sb = new StringBuilder();
    if (format == Format.csv) {
      sb.append(String.join(",", List.of(columns).stream().map(MetricsJob::csv).toList()))
          .append('\n');
      for (Row r : shown) {
        for (int i = 0; i < columns.length; i++) {
          sb.append(i == 0 ? "" : ",").append(csv(cell(r, i)));
        }
        sb.append('\n');
      }
      return sb.toString();
    }
    TextTable table = new TextTable(columns);
    for (int i = 1; i < columns.length; i++) {
      if (!(rows.schema().fields()[i].dataType() instanceof NumericType)) {
        table.leftAlign(i);
      }
    }
    for (Row r : shown) {
      Object[] cells = new Object[columns.length];
      for (int i = 0; i < columns.length; i++) {
        cells[i] = cell(r, i);
      }
      table.row(cells);
    }
    sb.append(table.render());
    sb.append(
        cut ? "(first " + maxRows + " rows; --max-rows to see more)\n" : shown.size() + " rows\n");
    return sb.toString();
  }

  private static String cell(Row r, int i) {
    Object v = r.get(i);
    if (v == null) {
      return "NULL";
    }
    if (v instanceof Double d) {
      return d.isNaN() || d.isInfinite()
          ? d.toString()
          : new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
    if (r.schema().fields()[i].dataType() instanceof ArrayType) {
      return r.getList(i).toString();
    }
    return String.valueOf(v);
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n")
        ? "\"" + s.replace("\"", "\"\"") + "\""
        : s;
  }
}
