package io.polarity.jobs;

import com.typesafe.config.Config;
import io.polarity.model.Nd4jMemory;
import io.polarity.model.score.ScoreConfig;
import io.polarity.model.score.ScoreResult;
import io.polarity.model.score.ScoreStage;
import io.polarity.pipeline.config.ConfigLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code polarity score}: reviews scored with the champion, into a predictions table. */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Scores every review of an ingest or preprocess output, labelled or not, with the model",
      "registry's champion (or --model) on the executors, into a predictions table partitioned",
      "by run date and run id, written whole or not at all."
    })
public final class ScoreJob implements Callable<Integer> {
  @Mixin ConfigOptions config;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--input",
      paramLabel = "PATH",
      description = "Ingest output, or preprocess output built with the model's vocabulary.")
  String input;

  @Option(
      names = "--output",
      paramLabel = "PATH",
      description = "Predictions table root (score.output).")
  String output;

  @Option(
      names = "--model",
      paramLabel = "PATH",
      description = "Train run directory (score.model); default: the registry's champion.")
  String model;

  @Option(names = "--run-id", paramLabel = "ID", description = "Run id (score.run-id).")
  String runId;

  @Override
  public Integer call() {
    Config c = config.load();
    c = ConfigLoader.withFlag(c, ScoreConfig.INPUT, input);
    c = ConfigLoader.withFlag(c, ScoreConfig.OUTPUT, output);
    c = ConfigLoader.withFlag(c, ScoreConfig.MODEL, model);
    c = ConfigLoader.withFlag(c, ScoreConfig.RUN_ID, runId);
    ScoreConfig score = ScoreConfig.from(c);
    return SparkSessions.recorded(
        Recording.of("score", score.runId(), c),
        Nd4jMemory.from(c),
        spec,
        spark -> new ScoreStage(spark, score).run(),
        ScoreResult::runOutcome,
        ScoreJob::summary);
  }

  static String summary(ScoreResult r) {
    return "Score run "
        + r.runId()
        + ": "
        + (r.champion() ? "the champion " : "model ")
        + r.modelRunId()
        + " scored "
        + r.scored()
        + " of "
        + r.reviews()
        + " reviews of "
        + r.input()
        + (r.scored() < r.reviews() ? " (the others have no token after normalisation)" : "")
        + "\npredictions: "
        + r.predictions()
        + "\n";
  }
}
