package io.polarity.jobs;

import io.polarity.model.registry.ModelRegistry;
import io.polarity.model.registry.ModelRegistry.Decision;
import io.polarity.model.registry.ModelRegistry.Entry;
import io.polarity.model.registry.ModelsTable;
import io.polarity.pipeline.warehouse.Warehouse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code polarity models list|promote|rollback}: the champion model and how it got there. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description =
        "The model registry under the warehouse: the champion, its history and every decision.",
    subcommands = {ModelsJob.ListModels.class, ModelsJob.Promote.class, ModelsJob.Rollback.class})
public final class ModelsJob implements Runnable {
  @Mixin ConfigOptions config;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "name a command: list, promote or rollback");
  }

  /** Runs {@code body} on the registry; the models table is refreshed with what it decides. */
  int withRegistry(
      picocli.CommandLine.Model.CommandSpec sub,
      BiFunction<ModelRegistry, Consumer<ModelRegistry.Decision>, String> body) {
    String root = Warehouse.root(config.load());
    return SparkSessions.run(
        "models",
        sub,
        spark -> {
          ModelRegistry registry =
              new ModelRegistry(spark.sparkContext().hadoopConfiguration(), root);
          ModelsTable table = new ModelsTable(spark, new Warehouse(spark, root), registry);
          return body.apply(registry, table::refresh);
        },
        text -> text);
  }

  private static String decided(
      ModelRegistry.Decision decision, Consumer<ModelRegistry.Decision> tables) {
    tables.accept(decision);
    return line(decision);
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "The champion, the champions before it, and every decision, oldest first.")
  static final class ListModels implements Callable<Integer> {
    @ParentCommand ModelsJob parent;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      return parent.withRegistry(spec, (r, tables) -> describe(r));
    }
  }

  @Command(
      name = "promote",
      mixinStandardHelpOptions = true,
      description = "Makes a trained model the champion by hand, whatever its scores.")
  static final class Promote implements Callable<Integer> {
    @ParentCommand ModelsJob parent;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(
        paramLabel = "MODEL_DIR",
        description = "A train run directory (<output>/<run-id>).")
    String directory;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the record.")
    String reason = "promoted by hand";

    @Override
    public Integer call() {
      return parent.withRegistry(
          spec, (r, tables) -> decided(r.promote(directory, reason), tables));
    }
  }

  @Command(
      name = "rollback",
      mixinStandardHelpOptions = true,
      description = "Points the champion back to the one before it.")
  static final class Rollback implements Callable<Integer> {
    @ParentCommand ModelsJob parent;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the record.")
    String reason = "rolled back by hand";

    @Override
    public Integer call() {
      return parent.withRegistry(spec, (r, tables) -> decided(r.rollback(reason), tables));
    }
  }

  static String describe(ModelRegistry registry) {
    StringBuilder out = new StringBuilder();
    registry
        .champion()
        .ifPresentOrElse(
            c -> {
              out.append(
                  String.format(
                      Locale.ROOT,
                      "champion: %s (%s), since %s%n",
                      c.model().runId(),
                      c.model().directory(),
                      c.since()));
              if (!c.previous().isEmpty()) {
                out.append("before it: ")
                    .append(
                        c.previous().stream()
                            .map(ModelRegistry.Model::runId)
                            .collect(Collectors.joining(", ")))
                    .append('\n');
              }
            },
            () -> out.append("no champion yet\n"));
    TextTable table =
        new TextTable(
            "#",
            "at",
            "decision",
            "challenger",
            "champion before",
            "champion after",
            "challenger scores",
            "champion scores",
            "reason");
    for (int column = 1; column < 9; column++) {
      table.leftAlign(column);
    }
    List<Entry> history = registry.history();
    for (Entry e : history) {
      Decision d = e.decision();
      table.row(
          d.sequence(),
          d.at(),
          d.action() + (e.applied() ? "" : " (not applied: interrupted)"),
          d.challenger() == null ? "" : d.challenger().runId(),
          d.championBefore() == null ? "" : d.championBefore(),
          d.championAfter() == null ? "" : d.championAfter(),
          scores(d.challengerScores()),
          scores(d.championScores()),
          d.reason() == null ? "" : d.reason());
    }
    if (!history.isEmpty()) {
      out.append('\n').append(table.render());
    }
    return out.toString();
  }

  private static String line(Decision d) {
    return String.format(
        Locale.ROOT,
        "decision %d: %s; champion %s -> %s (%s)%n",
        d.sequence(),
        d.action(),
        d.championBefore() == null ? "(none)" : d.championBefore(),
        d.championAfter(),
        d.reason());
  }

  private static String scores(Map<String, Double> scores) {
    if (scores == null) {
      return "";
    }
    return scores.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
  }
}
