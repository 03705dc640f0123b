package io.polarity.jobs;

import com.typesafe.config.Config;
import io.polarity.pipeline.warehouse.Heartbeats;
import io.polarity.pipeline.warehouse.RunRecorder;
import io.polarity.pipeline.warehouse.Warehouse;
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
      description =
          "Marks runs still recorded as running, whose driver stopped sending heartbeats longer"
              + " than warehouse.abandoned-after ago, as abandoned (every job does this as it"
              + " starts).")
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
          spark -> new RunRecorder(spark, new Warehouse(spark, root), liveness).repair(),
          RunsJob::summary);
    }
  }

  static String summary(List<String> abandoned) {
    return abandoned.isEmpty()
        ? "no abandoned run: every run recorded as running is still beating\n"
        : "marked abandoned: " + String.join(", ", abandoned) + "\n";
  }
}
