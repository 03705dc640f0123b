package io.polarity.jobs;

import com.typesafe.config.Config;
import io.polarity.model.Nd4jMemory;
import io.polarity.model.train.EpochMetrics;
import io.polarity.model.train.SparkTrainer;
import io.polarity.model.train.TrainConfig;
import io.polarity.model.train.TrainResult;
import io.polarity.pipeline.config.ConfigLoader;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code polarity train}: a DL4J network trained by parameter averaging on Spark. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains a Deeplearning4j network on preprocessed features by parameter averaging on the",
      "Spark executors (train.engine); validates, checkpoints and (with --resume) continues",
      "after every epoch."
    })
public final class TrainJob implements Callable<Integer> {
  @Mixin ConfigOptions config;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--input", paramLabel = "PATH", description = "Preprocess output (train.input).")
  String input;

  @Option(
      names = "--output",
      paramLabel = "PATH",
      description = "Model root directory (train.output).")
  String output;

  @Option(names = "--run-id", paramLabel = "ID", description = "Run id (train.run-id).")
  String runId;

  @Option(names = "--resume", description = "Continue the run --run-id from its last checkpoint.")
  boolean resume;

  @Override
  public Integer call() {
    Config c = withFlags(config.load());
    TrainConfig train = TrainConfig.from(c);
    return SparkSessions.recorded(
        Recording.of("train", train.runId(), c),
        Nd4jMemory.from(c),
        spec,
        spark -> new SparkTrainer(spark, train).run(),
        result -> result.runOutcome(train.input()),
        TrainJob::summary);
  }

  Config withFlags(Config base) {
    Config c = base;
    c = ConfigLoader.withFlag(c, TrainConfig.INPUT, input);
    c = ConfigLoader.withFlag(c, TrainConfig.OUTPUT, output);
    c = ConfigLoader.withFlag(c, TrainConfig.RUN_ID, runId);
    if (resume) {
      if (runId == null) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--resume needs --run-id of the run to continue");
      }
      c = ConfigLoader.withValue(c, TrainConfig.RESUME, true);
    }
    return c;
  }

  static String summary(TrainResult result) {
    TextTable table =
        new TextTable(
            "epoch", "train loss", "val loss", "val accuracy", "val AUC", "examples/s", "seconds");
    for (EpochMetrics m : result.epochs()) {
      table.row(
          m.getEpoch(),
          f("%.4f", m.getTrainLoss()),
          f("%.4f", m.getValidationLoss()),
          f("%.4f", m.getValidationAccuracy()),
          f("%.4f", m.getValidationAuc()),
          f("%.0f", m.getExamplesPerSecond()),
          f("%.1f", m.getSeconds()));
    }
    EpochMetrics best = result.best();
    return "Train run "
        + result.runId()
        + " -> "
        + result.modelDirectory()
        + "\n"
        + (result.skippedCheckpoints().isEmpty() ? "" : result.resumeNote() + "\n")
        + table.render()
        + "best epoch "
        + result.bestEpoch()
        + (result.stoppedEarly() ? " (stopped early)" : "")
        + ": validation accuracy "
        + f("%.4f", best.getValidationAccuracy())
        + ", AUC "
        + f("%.4f", best.getValidationAuc())
        + "\n";
  }

  private static String f(String format, double value) {
    return String.format(Locale.ROOT, format, value);
  }
}
