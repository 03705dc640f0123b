package io.polarity.jobs;

import com.typesafe.config.Config;
import io.polarity.model.registry.ModelRegistry;
import io.polarity.pipeline.warehouse.Heartbeats;
import io.polarity.pipeline.warehouse.RunRecorder;
import io.polarity.pipeline.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code polarity runs repair}: keeps the {@code runs} table truthful. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "The warehouse's runs table.",
    subcommands = {RunsJob.Repair.class})
public final class RunsJob implements Runnable {
  @Mixin ConfigOptions config;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a command: repair");
  }

  @Command(
      name = "repair",
      mixinStandardHelpOptions = true,
      description = {
        "Marks runs still recorded as running, whose driver stopped sending heartbeats longer"
            + " than warehouse.abandoned-after ago, as abandoned (every job does this as it"
            + " starts).",
        "Moves warehouse files that cannot be read (cut short, failing their checksum) and"
            + " damaged registry decisions aside into <warehouse>/_damaged/, and rebuilds a"
            + " damaged champion pointer from the decisions."
      })
  static final class Repair implements Callable<Integer> {
    @ParentCommand RunsJob parent;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      Config c = parent.config.load();
      String root = Warehouse.root(c);
      Heartbeats.Liveness liveness = Heartbeats.Liveness.from(c);
      return SparkSessions.run(
          "runs",
          spec,
          spark -> {
            Warehouse warehouse = new Warehouse(spark, root);
            List<String> moved = new ArrayList<>();
            for (Warehouse.DamagedFile d : warehouse.damagedFiles()) {
              moved.add(
                  "moved the damaged file "
                      + d.path()
                      + " ("
                      + d.problem()
                      + ") to "
                      + warehouse.moveAside(d));
            }
            moved.addAll(
                new ModelRegistry(spark.sparkContext().hadoopConfiguration(), root).repair());
            return new Repaired(new RunRecorder(spark, warehouse, liveness).repair(), moved);
          },
          RunsJob::summary);
    }
  }

  /** What a repair did: the runs marked abandoned, and one line per file moved or rebuilt. */
  record Repaired(List<String> abandoned, List<String> files) {}

  static String summary(Repaired repaired) {
    StringBuilder out = new StringBuilder();
    repaired.files().forEach(line -> out.append(line).append('\n'));
    if (repaired.files().isEmpty()) {
      out.append("no damaged file in the warehouse tables or the registry\n");
    }
    out.append(
        repaired.abandoned().isEmpty()
            ? "no abandoned run: every run recorded as running is still beating\n"
            : "marked abandoned: " + String.join(", ", repaired.abandoned()) + "\n");
    return out.toString();
  }
}
