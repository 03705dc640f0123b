package io.polarity.pipeline.warehouse;

import io.polarity.pipeline.config.InvalidConfigException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.DescribeColumn;
import org.apache.spark.sql.catalyst.plans.logical.DescribeFunction;
import org.apache.spark.sql.catalyst.plans.logical.DescribeRelation;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoDir;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ScriptTransformation;
import org.apache.spark.sql.catalyst.plans.logical.ShowColumns;
import org.apache.spark.sql.catalyst.plans.logical.ShowFunctions;
import org.apache.spark.sql.catalyst.plans.logical.ShowTables;
import org.apache.spark.sql.catalyst.plans.logical.ShowViews;
import org.apache.spark.sql.catalyst.trees.TreeNode;
import org.apache.spark.sql.execution.command.ExplainCommand;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * Lets only queries reach the warehouse: a statement is parsed by Spark (not run) and refused if
 * any part of its plan writes, creates, drops, alters, sets, caches or loads anything: every Spark
 * command (an INSERT, CREATE, DROP, ALTER, SET, ADD JAR, LOAD, CACHE, ...), INSERT ... DIRECTORY
 * and {@code SELECT TRANSFORM(...) USING 'script'} (which are not commands: the second runs a shell
 * command), also inside a CTE or subquery, and the functions that call arbitrary Java methods
 * ({@code reflect}, {@code java_method}). Queries pass: SELECT, WITH, VALUES, TABLE, and the
 * read-only commands SHOW TABLES/VIEWS/COLUMNS/FUNCTIONS, DESCRIBE, and EXPLAIN of a query.
 */
final class QueryGuard {
  private static final Set<Class<?>> READ_ONLY_COMMANDS =
      Set.of(
          ShowTables.class,
          ShowViews.class,
          ShowColumns.class,
          ShowFunctions.class,
          DescribeRelation.class,
          DescribeColumn.class,
          DescribeFunction.class,
          ExplainCommand.class);
  private static final Set<String> JAVA_CALLS = Set.of("reflect", "java_method", "try_reflect");

  private QueryGuard() {}

  /** Fails unless {@code sql} only reads; a statement Spark cannot parse fails as it would. */
  static void requireQuery(SparkSession spark, String sql) throws ParseException {
    Deque<LogicalPlan> todo = new ArrayDeque<>();
    todo.push(spark.sessionState().sqlParser().parsePlan(sql));
    while (!todo.isEmpty()) {
      LogicalPlan plan = todo.pop();
      if (plan instanceof InsertIntoStatement
          || plan instanceof InsertIntoDir
          || plan instanceof ScriptTransformation
          || (plan instanceof Command && !READ_ONLY_COMMANDS.contains(plan.getClass()))) {
        throw refused(plan.getClass().getSimpleName());
      }
      if (plan instanceof ExplainCommand explain) {
        todo.push(explain.logicalPlan());
      }
      list(plan.children()).forEach(todo::push);
      for (TreeNode<?> inner : list(plan.innerChildren())) { // CTE definitions
        if (inner instanceof LogicalPlan p) {
          todo.push(p);
        }
      }
      list(plan.subqueries()).forEach(todo::push);
      for (Expression e : list(plan.expressions())) {
        requireNoJavaCall(e);
      }
    }
  }

  private static void requireNoJavaCall(Expression e) {
    if (e instanceof UnresolvedFunction f) {
      List<String> name = list(f.nameParts());
      String last = name.get(name.size() - 1).toLowerCase(Locale.ROOT);
      if (JAVA_CALLS.contains(last)) {
        throw refused("the function " + last + ", which calls Java methods");
      }
    }
    list(e.children()).forEach(QueryGuard::requireNoJavaCall);
  }

  private static InvalidConfigException refused(String what) {
    return new InvalidConfigException(
        "only queries may run over the warehouse (SELECT, WITH, SHOW, DESCRIBE, EXPLAIN);"
            + " this statement would write, create, drop, alter, set or load something: "
            + what);
  }

  private static <T> List<T> list(Seq<T> seq) {
    return JavaConverters.seqAsJavaListConverter(seq).asJava();
  }
}
